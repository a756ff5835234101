export type { RolloutDeps } from '../queue/deps';
