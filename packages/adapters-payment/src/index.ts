export * from './faults';
export * from './mock-card-network';
export * from './mock-settlement-gateway';
export * from './test-cards';
export * from './token-vault';
