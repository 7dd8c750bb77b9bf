// The proxy's health check port (X-Road proxy-core healthcheck/HealthCheckPort; system parameters
// proxy.health-check-port, default 0 = off, and proxy.health-check-interface, default 0.0.0.0):
// what load balancers poll. X-Road answers every request alike, whatever its method or path
// ("blocking requests is left for the firewall"): 200 with an empty body when all checks pass,
// 500 with the failing check's text and a line break, and 503 "Health check interface is in
// maintenance mode." while an administrator has switched maintenance on (admin port
// /maintenance?targetState=true, ProxyAdminPortConfig). Seeded defect health-always-ok: 200 always.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startSmallServer, type SmallServer } from '../http/small-server.js';
import type { HealthCheckResult } from './health-checks.js';

export const MAINTENANCE_MESSAGE = 'Health check interface is in maintenance mode.';

export interface HealthCheckPortOptions {
  /** The combined checks (HealthChecks.run). */
  run: () => Promise<HealthCheckResult>;
  /** True when the seeded defect health-always-ok is on. */
  alwaysOk?: () => boolean;
  host: string;
  /** 0 = ephemeral. */
  port: number;
}

export interface HealthCheckPort {
  /** `http://host:port` */
  url: string;
  port: number;
  /** X-Road's answer to the admin port: "Maintenance mode set: old => new". */
  setMaintenanceMode(on: boolean): string;
  readonly maintenanceMode: boolean;
  close(): Promise<void>;
}

function answer(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(text);
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
  res.end(body);
}

export async function startHealthCheckPort(options: HealthCheckPortOptions): Promise<HealthCheckPort> {
  let maintenance = false;
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Any body is read and dropped: the answer never depends on the request.
    req.resume();
    if (maintenance) return answer(res, 503, MAINTENANCE_MESSAGE);
    const result = await options.run();
    if (result.ok || options.alwaysOk?.()) return answer(res, 200, '');
    answer(res, 500, `${result.message}\n`);
  };
  // Jetty's connector in HealthCheckPort drops idle sockets after 30 s.
  const server: SmallServer = await startSmallServer(handler, { host: options.host, port: options.port, socketTimeoutMs: 30_000 });
  const hostPart = server.host.includes(':') ? `[${server.host}]` : server.host;
  return {
    url: `http://${hostPart}:${server.port}`,
    port: server.port,
    setMaintenanceMode(on) {
      const old = maintenance;
      maintenance = on;
      return `Maintenance mode set: ${old} => ${on}`;
    },
    get maintenanceMode() {
      return maintenance;
    },
    close: () => server.stop(),
  };
}
