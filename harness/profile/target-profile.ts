// A target profile says what the SUT is and what it claims to support. Scenarios needing a
// capability the profile does not declare are "not applicable", never silently passed.
import { z } from 'zod';

const idSegment = z.string().min(1, 'must not be empty').regex(/^[^/\s]+$/, 'must not contain "/" or spaces');

export const MemberIdSchema = z.object({
  memberClass: idSegment,
  memberCode: idSegment,
  subsystemCode: idSegment.optional(),
});

export const SecurityServerIdSchema = z.object({
  instance: idSegment,
  memberClass: idSegment,
  memberCode: idSegment,
  serverCode: idSegment,
});

export const CAPABILITIES = [
  'soap',
  'rest',
  'attachments',
  'mtom',
  'asic',
  'opmon',
  'metaservices',
  'ec-keys',
  'batch-signatures',
  'timestamp-immediately',
  'is-tls',
  'verificationconf',
  'health',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const url = z.string().url('must be a URL such as http://127.0.0.1:8080');

export const ServiceSchema = z.object({
  /** serviceCode the SUT exposes (provider role) for the tests. */
  code: idSegment,
  version: idSegment.optional(),
  type: z.enum(['soap', 'rest', 'openapi']),
  /** The provider member/subsystem offering it (one of `hosts`). */
  provider: MemberIdSchema,
});

export const TargetProfileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    kind: z.enum(['embedded', 'url', 'container']),
    roles: z.array(z.enum(['client-side', 'provider-side'])).min(1, 'name at least one role: client-side or provider-side'),
    instance: idSegment.default('DEV'),
    securityServer: SecurityServerIdSchema,
    endpoints: z
      .object({
        clientProxyHttp: url.optional(),
        clientProxyHttps: url.optional(),
        serverProxy: url.optional(),
        ocspDownload: url.optional(),
        asic: url.optional(),
        /** The proxy's health check port (proxy.health-check-port, e.g. http://ss:5588; off by default in X-Road). */
        healthCheck: url.optional(),
      })
      .default({}),
    hosts: z.array(MemberIdSchema).min(1, 'list at least one member or subsystem the SUT hosts'),
    services: z.array(ServiceSchema).default([]),
    keys: z
      .object({
        /** How the SUT's certificates come from the harness CA. */
        certification: z.enum(['generated', 'csr']).default('generated'),
        algorithm: z.enum(['rsa', 'ec']).default('rsa'),
      })
      .default({ certification: 'generated', algorithm: 'rsa' }),
    capabilities: z.array(z.enum(CAPABILITIES)).default([]),
    timing: z
      .object({
        globalConfRefreshSeconds: z.number().positive().default(60),
        confExpireIntervalSeconds: z.number().positive().default(600),
        timestampingIntervalSeconds: z.number().positive().default(60),
        ocspFreshnessSeconds: z.number().positive().default(3600),
        requestTimeoutMs: z.number().int().positive().default(30_000),
        /** How long the health check port keeps reporting a failure after its cause is gone (X-Road: 30 s, fixed). */
        healthCheckErrorCacheSeconds: z.number().min(0).default(30),
      })
      .default({ globalConfRefreshSeconds: 60, confExpireIntervalSeconds: 600, timestampingIntervalSeconds: 60, ocspFreshnessSeconds: 3600, requestTimeoutMs: 30_000, healthCheckErrorCacheSeconds: 30 }),
    container: z.object({ image: z.string().min(1), env: z.record(z.string(), z.string()).default({}) }).optional(),
    /**
     * Go-live gates for features/performance (issue 7): each overrides the scenario's own value.
     * An operator writes the figures their service level needs; the embedded profile writes what
     * the reference SS must keep reaching on a 2-core machine.
     */
    performance: z
      .object({
        rate: z.number().positive().optional(),
        addedP50Ms: z.number().positive().optional(),
        addedP99Ms: z.number().positive().optional(),
        minThroughput: z.number().positive().optional(),
        soakSeconds: z.number().positive().max(3600).optional(),
        soakRate: z.number().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.kind === 'url' && !p.endpoints.clientProxyHttp && !p.endpoints.clientProxyHttps && !p.endpoints.serverProxy) {
      ctx.addIssue({ code: 'custom', path: ['endpoints'], message: 'a url target needs at least one of clientProxyHttp, clientProxyHttps, serverProxy' });
    }
    if (p.kind === 'container' && !p.container) {
      ctx.addIssue({ code: 'custom', path: ['container'], message: 'a container target needs container.image' });
    }
    if (p.securityServer.instance !== p.instance) {
      ctx.addIssue({ code: 'custom', path: ['securityServer', 'instance'], message: `must equal instance '${p.instance}'` });
    }
    p.services.forEach((s, i) => {
      const hosted = p.hosts.some((h) => h.memberClass === s.provider.memberClass && h.memberCode === s.provider.memberCode && h.subsystemCode === s.provider.subsystemCode);
      if (!hosted) ctx.addIssue({ code: 'custom', path: ['services', i, 'provider'], message: 'provider must be one of the hosts' });
    });
  });

export type TargetProfile = z.infer<typeof TargetProfileSchema>;
