/** Body of `POST /api/v1/stores/{store}/staff`. */
export interface NewStaffDto {
  readonly username: string;
  readonly password: string;
  readonly name: string;
  readonly role: 'clerk' | 'manager';
}

/** JSON schema of {@link NewStaffDto}. Passwords set through the API have at least 8 characters. */
export const newStaffSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password', 'name', 'role'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' },
    password: { type: 'string', minLength: 8, maxLength: 1024 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    role: { type: 'string', enum: ['clerk', 'manager'] },
  },
} as const;
