import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GraphRequestError } from '../../../src/graph/errors';
import {
  installForUser,
  isInstalledForUser,
  TeamsAppBlockedError,
} from '../../../src/graph/teams-app-install';
import { type GraphTestContext, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

const APP_ID = 'a6c2e9f4-1b3d-4e5f-8a7b-9c0d1e2f3a4b';
const INSTALL_PATH = new RegExp(`/users/${SAMPLE_USERS.lidia}/teamwork/installedApps$`);

describe('Teams app installation for a user', () => {
  let graph: GraphTestContext;
  const installs: Array<[string, string]> = [];
  before(async () => {
    graph = await startGraphForTest({ onInstall: (userId, appId) => installs.push([userId, appId]) });
  });
  after(() => graph.close());

  it('installs the app (201), then finds it already installed (409): both mean installed', async () => {
    assert.equal(graph.sim.isAppInstalled(SAMPLE_USERS.lidia), false);
    assert.equal(await installForUser(graph.client, SAMPLE_USERS.lidia, APP_ID), 'installed');
    assert.equal(await installForUser(graph.client, SAMPLE_USERS.lidia, APP_ID), 'already-installed');
    assert.deepEqual(
      graph.sim.requests.matching(INSTALL_PATH).map((entry) => entry.status),
      [201, 409],
    );
    assert.equal(graph.sim.isAppInstalled(SAMPLE_USERS.lidia), true);
    assert.equal(graph.sim.isAppInstalled(SAMPLE_USERS.lidia, APP_ID), true);
    assert.deepEqual(
      installs,
      [[SAMPLE_USERS.lidia, APP_ID]],
      'the connector stand-in hears about the first install only',
    );
  });

  it('tells whether this app is installed for a user', async () => {
    assert.equal(await isInstalledForUser(graph.client, SAMPLE_USERS.lidia, APP_ID), true);
    assert.equal(await isInstalledForUser(graph.client, SAMPLE_USERS.lidia, 'another-app'), false);
    assert.equal(await isInstalledForUser(graph.client, SAMPLE_USERS.alex, APP_ID), false);
  });

  it('lists installations with the app expanded', async () => {
    const body = await graph.client
      .api(`/users/${SAMPLE_USERS.lidia}/teamwork/installedApps`)
      .expand('teamsApp')
      .get();
    assert.equal(body.value.length, 1);
    assert.equal(body.value[0].teamsApp.id, APP_ID);
    assert.equal(typeof body.value[0].id, 'string');
  });

  it('is refused (403) where an app permission policy blocks the app; a missing Graph permission is not that', async () => {
    graph.sim.state.setAppBlocked(SAMPLE_USERS.alex, APP_ID);
    await assert.rejects(installForUser(graph.client, SAMPLE_USERS.alex, APP_ID), (error: unknown) => {
      assert.ok(error instanceof TeamsAppBlockedError);
      assert.equal(error.status, 403);
      assert.match(error.message, /blocked by app permission policy/);
      return true;
    });
    assert.equal(graph.sim.isAppInstalled(SAMPLE_USERS.alex), false);
    graph.sim.state.setAppBlocked(SAMPLE_USERS.alex, APP_ID, false);

    graph.sim.faults.inject({
      method: 'POST',
      path: /teamwork\/installedApps$/,
      status: 403,
      code: 'Forbidden',
      message:
        "Missing role permissions on the request. API requires one of 'TeamsAppInstallation.ReadWriteSelfForUser.All'.",
    });
    await assert.rejects(installForUser(graph.client, SAMPLE_USERS.alex, APP_ID), (error: unknown) => {
      assert.ok(error instanceof GraphRequestError && !(error instanceof TeamsAppBlockedError));
      assert.equal(error.status, 403);
      return true;
    });
    assert.equal(await installForUser(graph.client, SAMPLE_USERS.alex, APP_ID), 'installed');
    graph.sim.state.uninstallApp(SAMPLE_USERS.alex, APP_ID);
  });

  it('is refused without a teamsApp binding, and fails with 404 for an unknown user', async () => {
    await assert.rejects(graph.client.api(`/users/${SAMPLE_USERS.alex}/teamwork/installedApps`).post({}), {
      statusCode: 400,
    });
    await assert.rejects(
      installForUser(graph.client, '0b4c2a1e-3d5f-4a60-8b71-999999999999', APP_ID),
      (error: unknown) => {
        return error instanceof GraphRequestError && error.isNotFound;
      },
    );
    assert.equal(graph.sim.isAppInstalled(SAMPLE_USERS.alex), false);
  });
});
