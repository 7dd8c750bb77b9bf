// GET /verificationconf (LOG-005, UG-SIGDOC §3.2): the global configuration snapshot an offline
// verifier needs, as application/zip `verificationconf.zip`. X-Road does not check the
// configuration's validity here, so neither do we; building the zip is the configuration
// client's job (GlobalConfView.verificationConfZip()).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GlobalConfView } from '../components.js';
import { sendText } from './asic-handler.js';

export async function handleVerificationConfRequest(globalConf: Pick<GlobalConfView, 'verificationConfZip'>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET') {
    res.setHeader('allow', 'GET');
    return sendText(res, 405, `Method ${req.method ?? '?'} is not allowed for /verificationconf`);
  }
  let zip: Buffer;
  try {
    zip = await globalConf.verificationConfZip();
  } catch (e) {
    return sendText(res, 500, `Cannot provide the verification configuration: ${(e as Error).message}`);
  }
  res.writeHead(200, {
    'content-type': 'application/zip',
    'content-disposition': 'attachment; filename="verificationconf.zip"',
    'content-length': zip.length,
  });
  res.end(zip);
}
