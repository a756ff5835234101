import {
  type Activity,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type {
  AuthenticateRequestResult,
  ClaimsIdentity,
  ConnectorFactory,
  UserTokenClient,
} from 'botframework-connector';
import type { Config } from '../config';
import {
  ConnectorClientCache,
  type ConnectorRequestPolicy,
  SingleAttemptConnectorFactory,
} from './single-attempt-connector';

export type BotIdentityConfig = Pick<Config, 'BOT_ID' | 'BOT_PASSWORD' | 'BOT_TYPE' | 'BOT_TENANT_ID'>;

/**
 * Maps our settings to botbuilder's configuration keys. An empty BOT_ID is the local mode (no
 * tokens in or out); botbuilder only accepts that as MultiTenant, whatever BOT_TYPE says.
 */
export function botFrameworkAuthOptions(
  config: BotIdentityConfig,
): ConfigurationBotFrameworkAuthenticationOptions {
  if (!config.BOT_ID)
    return { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' };
  return {
    MicrosoftAppId: config.BOT_ID,
    MicrosoftAppPassword: config.BOT_TYPE === 'UserAssignedMSI' ? '' : config.BOT_PASSWORD,
    MicrosoftAppType: config.BOT_TYPE,
    MicrosoftAppTenantId: config.BOT_TENANT_ID,
  };
}

/**
 * ConfigurationBotFrameworkAuthentication whose connector factories make single-attempt clients.
 * CloudAdapter gets factories from two places: createConnectorFactory (proactive sends, create
 * conversation) and the result of authenticateRequest (replies within an incoming turn); both are
 * wrapped, so no Bot Connector call anywhere retries behind the queue's back.
 */
export class SingleAttemptBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  /** Proactive calls all act as this one bot, so their clients are reused per service URL. */
  private readonly proactiveClients = new ConnectorClientCache();
  /**
   * botbuilder makes a UserTokenClient (a whole HTTP pipeline) for every turn, proactive ones
   * included, though this bot never signs users in; at hundreds of sends a second that setup was a
   * visible share of the CPU. One per app id does (its credentials renew their own tokens).
   */
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly policy: ConnectorRequestPolicy,
  ) {
    super(options);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new SingleAttemptConnectorFactory(
      super.createConnectorFactory(claimsIdentity),
      this.policy,
      this.proactiveClients,
    );
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    // What botbuilder builds the client from: the audience claim, else the appid claim.
    const key = claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid') ?? '';
    let client = this.userTokenClients.get(key);
    if (!client) {
      client = super.createUserTokenClient(claimsIdentity);
      this.userTokenClients.set(key, client);
      client.catch(() => this.userTokenClients.delete(key));
    }
    return client;
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.wrap(await super.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.wrap(await super.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  private wrap(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return {
      ...result,
      connectorFactory: new SingleAttemptConnectorFactory(result.connectorFactory, this.policy),
    };
  }
}
