// The seams between the reference security server's components, so each can be written and
// tested on its own. Identifiers cross these seams in their string form
// (INSTANCE/CLASS/CODE[/SUBSYSTEM], services INSTANCE/CLASS/CODE/SUBSYSTEM/SERVICE[/VERSION]).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { X509Certificate } from 'node:crypto';
import type { VerificationTrust } from '../../protocol/trust/index.js';

/** A security server as listed in shared-params. */
export interface ListedSecurityServer {
  /** INSTANCE/CLASS/CODE/SERVERCODE */
  id: string;
  /** `host` or `host:port` (see README, Addresses). */
  address?: string;
  authCertHashes: string[];
  clients: string[];
  inMaintenanceMode?: { message?: string };
}

/** The security server's current, verified view of the global configuration. */
export interface GlobalConfView {
  /** Throws XRoadError `global_conf_outdated` ("Global configuration is expired") once Expire-date passed without a good refresh. */
  assertValid(now?: Date): void;
  instance(): string;
  trust(): VerificationTrust;
  securityServers(): ListedSecurityServer[];
  /** Members and subsystems registered in the instance (client id strings) with names. */
  members(): Array<{ id: string; name: string; subsystemName?: string }>;
  /** private-params timeStampingIntervalSeconds. */
  timestampingIntervalSeconds(): number;
  /** Zip of the current configuration for offline verification (LOG-005). */
  verificationConfZip(): Promise<Buffer>;
  /** Subscribe to successful refreshes. */
  onUpdate(listener: () => void): void;
  /** The central monitoring client of the MONITORING optional part (GCONF-013), client id string; undefined when none is published. */
  monitoringClient(): string | undefined;
}

/** OCSP responses for certificates: our own (fetched from the responder) and peers' (received). */
export interface OcspCache {
  /** A fresh, good OCSP response (DER) for one of our own certificates; throws when none can be had. */
  ownResponse(cert: X509Certificate): Promise<Buffer>;
  /** Remembers a verified response for someone else's certificate (from transport OCSP parts or :5577). */
  remember(cert: X509Certificate, responseDer: Buffer): void;
  /** A cached response for a certificate by SHA-1 (hex) of its DER, for the :5577 download role. */
  bySha1Hex(hex: string): Buffer | undefined;
}

/** One message as the message log stores it (LOG-001). */
export interface LoggedMessage {
  queryId: string;
  /** Client id string of the exchange (the consumer). */
  client: string;
  /** Service id string. */
  service: string;
  direction: 'request' | 'response';
  protocol: 'soap' | 'rest';
  /** SOAP part bytes or the serialised REST header part. */
  message: Buffer;
  /** Attachments / REST body, when logged. */
  attachments: Buffer[];
  /** signatures.xml as created or received. */
  signatureXml: Buffer;
  hashChainResult?: Buffer;
  hashChain?: Buffer;
  loggedAt: Date;
}

export interface MessageLog {
  /** Throws `timestamping_failed` once the acceptable failure period has passed (TSA-005), `logging_failed` on store errors. */
  assertCanAcceptMessages(now?: Date): void;
  /** Durable before it resolves (write-ahead, fsync'd); with timestamp-immediately, stamped too. */
  log(message: LoggedMessage): Promise<void>;
  /** The /asic download (LOG-002/003). */
  handleAsic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
  stop(): Promise<void>;
}

/** One operational monitoring record (OPMON-003 Annex B fields, the subset we fill). */
export interface OpMonRecord {
  monitoringDataTs: number;
  securityServerType: 'Client' | 'Producer';
  requestInTs: number;
  requestOutTs?: number;
  responseInTs?: number;
  responseOutTs: number;
  clientId: string;
  serviceId?: string;
  messageId?: string;
  messageUserId?: string;
  messageIssue?: string;
  messageProtocolVersion?: string;
  representedParty?: string;
  restMethod?: string;
  restPath?: string;
  requestSize?: number;
  responseSize?: number;
  requestAttachmentCount?: number;
  responseAttachmentCount?: number;
  succeeded: boolean;
  faultCode?: string;
  faultString?: string;
  statusCode?: number;
  serviceType: 'WSDL' | 'REST' | 'OPENAPI3';
  xRoadVersion: string;
}

export interface OpMonitor {
  record(rec: OpMonRecord): void;
  records(): readonly OpMonRecord[];
}

/**
 * The TLS profile of the SS-to-SS port and the X-Road trust decision for a peer's auth
 * certificate (TRANSP-001/002/010): no CA trust store, no host names; the decision is made in
 * code from the global configuration.
 */
export interface TlsTrust {
  /** TLS 1.2, X-Road cipher list; used by the server proxy listener and the transport client. */
  tlsOptions(): { minVersion: 'TLSv1.2'; maxVersion: 'TLSv1.2'; ciphers: string; dhparam?: 'auto' };
  /**
   * Provider side (TRANSP-010): the consumer SS's TLS chain (leaf first) with the OCSP responses
   * from the transport message; `client` is the request's client id string. Throws XRoadError
   * `ssl_authentication_failed` naming what was wrong.
   */
  verifyConsumer(chain: X509Certificate[], ocspResponses: Buffer[], client: string, now?: Date): void;
  /**
   * Consumer side (TRANSP-002): the provider SS's TLS chain; `servers` are the listed servers that
   * host the provider. Returns the id of the server the certificate is registered to.
   */
  verifyProvider(chain: X509Certificate[], servers: ListedSecurityServer[], now?: Date): Promise<string>;
}
