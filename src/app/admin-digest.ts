import { smsVoiceRetired } from '../rollout/enforcement-gates';
import { type WaveDigest, withSmsRetirement } from '../rollout/wave-digest';
import { readWaveDigest } from '../store/wave-digest-reader';
import type { RolloutDeps } from './deps';

/**
 * The wave's digest as the admins see it (posted card, chat and CLI `wave status`): the state
 * counts, and after the SMS/voice retirement the phone-only users as "needs Authenticator or passkey".
 */
export async function readAdminDigest(
  deps: Pick<RolloutDeps, 'repo' | 'phoneCorrections' | 'config' | 'now'>,
  waveId: string,
): Promise<WaveDigest> {
  const digest = await readWaveDigest(deps, waveId);
  const retired = smsVoiceRetired(
    {
      retirementDate: deps.config.SMS_VOICE_RETIREMENT_DATE,
      telecomProviderDeclared: deps.config.TELECOM_PROVIDER_DECLARED,
    },
    deps.now(),
  );
  return withSmsRetirement(digest, retired);
}
