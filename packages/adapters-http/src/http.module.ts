import type { FastifyInstance } from 'fastify';
import { ContainerModule } from 'inversify';
import { counterpayHttp } from './counterpay-http.plugin';
import type { CounterpayHttpOptions } from './counterpay-http.options';

/** DI tokens of the HTTP adapter. */
export const HTTP_TOKENS = {
  /** {@link CounterpayHttpOptions}, bound by the composition root. */
  Options: Symbol.for('@counterpay/adapters-http/Options'),
  /** A {@link RegisterCounterpayHttp}: registers the plugin on a Fastify instance. */
  Register: Symbol.for('@counterpay/adapters-http/Register'),
} as const;

/** Registers the counterpay plugin on a Fastify instance. */
export type RegisterCounterpayHttp = (app: FastifyInstance) => Promise<void>;

/**
 * The HTTP adapter as an inversify module: binds {@link HTTP_TOKENS.Register} to a function that
 * registers {@link counterpayHttp} with the options bound under {@link HTTP_TOKENS.Options}
 * (given here, or bound by the composition root).
 */
export function httpModule(options?: CounterpayHttpOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    if (options !== undefined) bind<CounterpayHttpOptions>(HTTP_TOKENS.Options).toConstantValue(options);
    bind<RegisterCounterpayHttp>(HTTP_TOKENS.Register).toResolvedValue(
      (resolved: CounterpayHttpOptions) => async (app: FastifyInstance) => {
        await app.register(counterpayHttp, resolved);
      },
      [HTTP_TOKENS.Options],
    );
  });
}
