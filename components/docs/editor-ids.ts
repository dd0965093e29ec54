// Shared by the editor (a client module) and the server page that points the focus at it: a constant
// exported from a 'use client' module would reach a server component as a client reference, not a string.

/** The editor's main button ("Publish" for a draft, "Save" once published). */
export const EDITOR_PRIMARY_BUTTON_ID = 'doc-editor-primary';
