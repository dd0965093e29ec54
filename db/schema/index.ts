export * from './users';
export * from './partners';
export * from './audit';
