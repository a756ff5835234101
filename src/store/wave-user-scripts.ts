/** The Lua scripts that write a wave's users, each in one step (RolloutRepository runs them). */
import type { WaveUserRecord } from '../rollout/user-state';
import { type ReadyMethod, readyMethodOf } from '../rollout/wave-digest';
import { LuaScript } from './lua-script';

/** The newest delivery attempts kept per user. */
export const MAX_ATTEMPTS_KEPT = 20;

/**
 * Compare-and-set of one user record: the write happens only if the stored version is the one the
 * transition was computed from, and the status index and the audit stream move in the same step.
 * Optionally in the same step (a sent card's bookkeeping, one round trip instead of several): a
 * delivery attempt is appended to the user's attempt log (ARGV[4], non-empty) and the user's
 * conversation lease is released if ARGV[5] still owns it. ARGV[6] files a ready user under their
 * sign-in method (KEYS[7] strong, KEYS[8] phone-only; 'none' takes them out, '' leaves both alone).
 */
export const CAS_TRANSITION = new LuaScript(
  `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return -1 end
if tostring(cjson.decode(current).version) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if KEYS[2] ~= KEYS[3] then
  redis.call('SREM', KEYS[2], ARGV[1])
  redis.call('SADD', KEYS[3], ARGV[1])
end
if ARGV[6] ~= '' then
  redis.call('SREM', KEYS[7], ARGV[1])
  redis.call('SREM', KEYS[8], ARGV[1])
  if ARGV[6] == 'strong' then redis.call('SADD', KEYS[7], ARGV[1]) end
  if ARGV[6] == 'phone-only' then redis.call('SADD', KEYS[8], ARGV[1]) end
end
redis.call('XADD', KEYS[4], '*', unpack(ARGV, 7))
if ARGV[4] ~= '' then
  redis.call('RPUSH', KEYS[5], ARGV[4])
  redis.call('LTRIM', KEYS[5], -${MAX_ATTEMPTS_KEPT}, -1)
end
if ARGV[5] ~= '' and redis.call('GET', KEYS[6]) == ARGV[5] then redis.call('DEL', KEYS[6]) end
return 1
`,
  8,
);

/**
 * Adds users to a wave, claiming each for it in the same step: a user another active wave already
 * claimed is left out (and remembered as such), so two waves expanding at once never share a user.
 * A user already in this wave keeps their state (resumed expansion).
 * KEYS: wave users, targeted set, user → active wave, UPN → user id, left-out set.
 * ARGV: wave id, then (user id, lower-case UPN or '', record) triples.
 * Returns per user: 1 added, 2 already in this wave, 0 left out.
 */
export const CLAIM_AND_INSERT_USERS = new LuaScript(
  `
local wave = ARGV[1]
local outcomes = {}
for i = 2, #ARGV, 3 do
  local id = ARGV[i]
  local key = string.lower(id)
  local owner = redis.call('HGET', KEYS[3], key)
  if owner and owner ~= wave then
    redis.call('SADD', KEYS[5], id)
    outcomes[#outcomes + 1] = 0
  else
    if not owner then redis.call('HSET', KEYS[3], key, wave) end
    if ARGV[i + 1] ~= '' then redis.call('HSET', KEYS[4], ARGV[i + 1], id) end
    if redis.call('HSETNX', KEYS[1], id, ARGV[i + 2]) == 1 then
      redis.call('SADD', KEYS[2], id)
      outcomes[#outcomes + 1] = 1
    else
      outcomes[#outcomes + 1] = 2
    end
  end
end
return outcomes
`,
  5,
);

/** How a transition moves the user in the ready-by-method index (see CAS_TRANSITION's ARGV[6]). */
export function readyIndexChange(before: WaveUserRecord, after: WaveUserRecord): ReadyMethod | 'none' | '' {
  if (after.status === 'ready') return readyMethodOf(after);
  return before.status === 'ready' ? 'none' : '';
}
