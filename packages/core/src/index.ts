export * from './domain/index';
export * from './ports/index';
