// A TV app as a TypeScript team writes it: the package's default entry, two add-ons by subpath,
// the profile typed with ProfileInput, and Shaka's own default export and types. No cast anywhere.
import shaka from 'shaka-player';
import { createAgent, type Agent, type AgentStatus, type ProfileInput } from 'tv-telemetry-agent';
import { plugin as overlay } from 'tv-telemetry-agent/overlay';
import { plugin as persist } from 'tv-telemetry-agent/persist';

declare global {
  interface Window {
    /** Read by the test: how the app is doing. */
    consumerApp?: { agent: Agent; status(): AgentStatus; shakaVersion: string; error: string | null };
  }
}

const query = new URLSearchParams(location.search);

const profile: ProfileInput = {
  name: 'consumer-app',
  allowInsecure: true, // the local collector is http
  vault: { endpoint: location.origin, metricsIntervalSeconds: 1, flushIntervalSeconds: 1 },
  debug: { overlay: true },
};

const agent = createAgent({ profile, shaka, plugins: [persist, overlay] });
const state = { agent, status: () => agent.status(), shakaVersion: shaka.Player.version, error: null as string | null };
window.consumerApp = state;

async function play(): Promise<void> {
  shaka.polyfill.installAll();
  const video = document.querySelector('video')!;
  const player = new shaka.Player();
  await player.attach(video);
  agent.track(player, { contentType: 'vod-ed', editorialId: query.get('editorialId') || 'consumer-vod' });
  await player.load(query.get('manifest')!);
  await video.play();
}

play().catch((e: unknown) => {
  state.error = String(e instanceof Error ? e.message : (e as { code?: number }).code);
});
