import { persistVaultQueues } from '../delivery/persist';
import { Agent, AgentOptions, assembleAgent } from './agent';

/**
 * The default agent (the package's main bundle): lossless as it comes. Records not yet acknowledged
 * survive an app exit or a power cut, and the device UUID is stored, with no plugin to add; an app's
 * own persistence plugin still wins. The lean bundle's createAgent (agent.ts) leaves this out.
 */
export function createAgent(options: AgentOptions): Agent {
  return assembleAgent(options, persistVaultQueues);
}
