// Child process: the provider IS simulator for perf runs. Besides its usual /soap and /rest
// echoes it answers POST /perf/fixed with 1 kB (the floor's apples-to-apples counterpart of the
// bare server). It records nothing: the simulator keeps every request for the conformance checks,
// which over a perf run would be gigabytes and would be charged to the harness floor.
import { startProviderIs } from '../../../simulators/member-systems/index.js';
import { exitWithParent } from '../../environment/child-server.js';

const FIXED = Buffer.alloc(1024, 'x');
const provider = await startProviderIs({ host: '127.0.0.1', record: false });
provider.behaviours.set('/perf/fixed', { kind: 'raw', status: 200, headers: { 'Content-Type': 'text/plain' }, body: FIXED });
exitWithParent(() => provider.stop());
process.stdout.write(JSON.stringify({ url: provider.url, pid: process.pid, fixedPath: '/perf/fixed' }) + '\n');
