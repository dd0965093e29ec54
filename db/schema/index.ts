export * from './users';
export * from './partners';
export * from './audit';
export * from './api-keys';
export * from './usage';
export * from './alerts';
export * from './usage-rollups';
