/** JSON schemas of the store's descriptions, for the OpenAPI document. */
export const storeSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    code: { type: 'string' },
    name: { type: 'string' },
    currency: { type: 'string' },
    timezone: { type: 'string' },
    status: { type: 'string', enum: ['active', 'suspended', 'closed'] },
    enabledMethods: { type: 'array', items: { type: 'string' } },
    capturePolicy: { type: 'string', enum: ['manual', 'auto'] },
    customerTimeoutSeconds: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** A counter. */
export const counterSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    kind: { type: 'string', enum: ['salesperson', 'floor', 'route'] },
    label: { type: 'string' },
    isOpen: { type: 'boolean' },
    payUrl: { type: 'string', description: 'the customer pay page of this counter (also in its QR code)' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** A staff member (never the password hash). */
export const staffSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['clerk', 'manager'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;
