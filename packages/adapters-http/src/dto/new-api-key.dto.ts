/** Body of `POST /api/v1/stores/{store}/api-keys`. */
export interface NewApiKeyDto {
  readonly label: string;
}

/** JSON schema of {@link NewApiKeyDto}. */
export const newApiKeySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['label'],
  properties: { label: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;
