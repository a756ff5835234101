/** The parts of the Agents Playground's `.m365agentsplayground.yml` (schema 0.1.1) the launcher reads. */
export const PLAYGROUND_CONFIG_FILE = '.m365agentsplayground.yml';

export interface PlaygroundUser {
  id: string;
  name: string;
  /** Sic: the schema spells it "Principle". */
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}
