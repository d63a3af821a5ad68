export * from './domain/index';
export * from './ports/index';
export * from './application/index';
export * from './adapters/node-crypto.adapters';
