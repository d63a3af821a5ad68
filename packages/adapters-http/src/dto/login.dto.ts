import { storeCodeSchema } from './common.schema';

/** Body of `POST /api/v1/auth/login`. */
export interface LoginDto {
  readonly store: string;
  readonly username: string;
  readonly password: string;
}

/** JSON schema of {@link LoginDto}. */
export const loginSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['store', 'username', 'password'],
  properties: {
    store: storeCodeSchema,
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
} as const;
