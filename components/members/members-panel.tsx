import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { formatNumber } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { roleLabel } from '@/components/shell/role-label';
import { getActor } from '@/lib/auth/session';
import type { OrganizationOverview } from '@/lib/partners/get-organization-overview';
import { ActionFeedbackMessage, ActionFeedbackProvider } from './action-feedback';
import { InviteMemberForm } from './invite-member-form';
import { MemberRow } from './member-row';
import { WithdrawInviteForm } from './withdraw-invite-form';

const th = 'px-4 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-zinc-600 uppercase';
const td = 'px-4 py-3 align-middle text-zinc-700';

/**
 * An organization's members and, for those who may manage them, role changes, removal, the primary
 * contact, invitations. Used on the partner's /organization page and on the staff page of a partner:
 * every form names the organization or the membership, and the server asks the policy again.
 */
export async function MembersPanel({ overview }: { overview: OrganizationOverview }) {
  const { organization, members, invites, can } = overview;
  const actor = await getActor();
  const manage = can.manageMembers;

  return (
    <div className="space-y-6">
      <Card aria-labelledby="members-heading">
        <CardHeader
          title="Members"
          titleId="members-heading"
          description={`${formatNumber(members.length)} ${members.length === 1 ? 'person' : 'people'} in ${organization.name}.`}
        />
        <ActionFeedbackProvider>
          {manage ? <ActionFeedbackMessage className="mx-5 mt-4" /> : null}
          <div className="relative overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <caption className="sr-only">Members of {organization.name}</caption>
              <thead className="border-b border-zinc-200 bg-zinc-50/80">
                <tr>
                  <th scope="col" className={th}>
                    Name
                  </th>
                  <th scope="col" className={th}>
                    Email
                  </th>
                  <th scope="col" className={th}>
                    Role
                  </th>
                  <th scope="col" className={th}>
                    Joined
                  </th>
                  {manage ? (
                    <th scope="col" className={th}>
                      <span className="sr-only">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {members.map((member) => (
                  <MemberRow
                    key={member.membershipId}
                    manage={manage}
                    organizationName={organization.name}
                    member={{
                      membershipId: member.membershipId,
                      name: member.name,
                      email: member.email,
                      role: member.role,
                      joinedAt: member.joinedAt,
                      disabled: member.disabled,
                      isPrimary: member.userId === organization.primaryContactId,
                      isSelf: member.userId === actor?.userId,
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </ActionFeedbackProvider>
      </Card>

      {manage ? (
        <>
          <Card aria-labelledby="invite-heading">
            <CardHeader
              title="Invite a member"
              titleId="invite-heading"
              description="The invitation is a link for one email address. It works once and expires in 7 days."
            />
            <CardBody>
              <InviteMemberForm partnerId={organization.id} headingId="invite-heading" />
            </CardBody>
          </Card>

          <Card aria-labelledby="open-invites-heading">
            <CardHeader
              title="Open invitations"
              titleId="open-invites-heading"
              description="Invitations not accepted yet. Withdraw one to make its link stop working."
            />
            <ActionFeedbackProvider>
              <ActionFeedbackMessage className="mx-5 mt-4" />
              {invites.length === 0 ? (
                <EmptyState title="No open invitations." description="Invitations you send show here until they are accepted or expire." />
              ) : (
                <div className="relative overflow-x-auto">
                  <table className="w-full min-w-[36rem] text-left text-sm">
                    <caption className="sr-only">Open invitations to {organization.name}</caption>
                    <thead className="border-b border-zinc-200 bg-zinc-50/80">
                      <tr>
                        <th scope="col" className={th}>
                          Email
                        </th>
                        <th scope="col" className={th}>
                          Role
                        </th>
                        <th scope="col" className={th}>
                          Expires
                        </th>
                        <th scope="col" className={th}>
                          <span className="sr-only">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-zinc-100">
                      {invites.map((invite) => (
                        <tr key={invite.id} className="hover:bg-zinc-50/70">
                          <th scope="row" className={`${td} text-left font-medium text-zinc-900`}>
                            {invite.email}
                          </th>
                          <td className={td}>{roleLabel(invite.role)}</td>
                          <td className={td}>
                            <Time value={invite.expiresAt} withTime />
                          </td>
                          <td className={`${td} text-right`}>
                            <WithdrawInviteForm inviteId={invite.id} email={invite.email} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </ActionFeedbackProvider>
          </Card>
        </>
      ) : null}
    </div>
  );
}
