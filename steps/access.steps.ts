// Access steps (features/access, and the client preconditions of message-soap): what the
// harness changes around the SUT for a scenario — the global configuration its central server
// publishes (an extra server id, a subsystem placed on the SUT, expiry), the IS connection policy
// of the SUT's client — and the requests that address other clients, providers or versions.
import { Given, When } from '@cucumber/cucumber';
import { buildSoapRequest } from '../simulators/member-systems/index.js';
import { addServerAtSutAddress, addSubsystemOnSut, expireSutGlobalConf } from '../harness/scenario/soap-globalconf-edits.js';
import { registeredIsCertificate, requireRegisteredIsCertificate, unregisteredIsCertificate } from '../harness/scenario/soap-is-policy.js';
import { handles, httpsUrl, sendSoapAlongRoute, soapRequestFor as requestFor, USER_ID } from '../harness/scenario/soap-scenario.js';
import type { RoadtestWorld } from './support/world.js';

Given('the global configuration lists the server {string} at the SUT\'s address hosting the SUT\'s provider', async function (this: RoadtestWorld, serverId: string) {
  const h = handles(this);
  const [, , owner, serverCode] = serverId.split('/');
  if (owner !== h.layout.sut.memberCode || !serverCode) throw new Error(`${serverId} must be a server of the SUT's owner ${h.layout.sut.member}`);
  this.cleanups.push(await addServerAtSutAddress(h, serverCode));
});

Given('the global configuration lists the subsystem {string} of the SUT\'s member on the SUT', async function (this: RoadtestWorld, subsystem: string) {
  this.cleanups.push(await addSubsystemOnSut(handles(this), subsystem));
});

Given('the global configuration the SUT holds has expired', async function (this: RoadtestWorld) {
  this.cleanups.push(await expireSutGlobalConf(handles(this)));
});

Given('the SUT requires HTTPS with a registered certificate from its client\'s information system', function (this: RoadtestWorld) {
  this.cleanups.push(requireRegisteredIsCertificate(handles(this)));
});

When('the client IS sends a SOAP request for {string} version {string}', async function (this: RoadtestWorld, code: string, version: string) {
  await sendSoapAlongRoute(this, requestFor(this, `${code}/${version}`));
});

When('the client IS sends a SOAP request for {string} to the provider subsystem {string}', async function (this: RoadtestWorld, code: string, subsystem: string) {
  const member = this.route().provider.split('/').slice(0, 3).join('/');
  await sendSoapAlongRoute(this, buildSoapRequest({ client: this.route().client, service: `${member}/${subsystem}/${code}`, userId: USER_ID }));
});

When('the client IS sends a SOAP request for {string} as the client {string}', async function (this: RoadtestWorld, code: string, client: string) {
  await sendSoapAlongRoute(this, requestFor(this, code, { client }));
});

When('the client IS sends a SOAP request for {string} over HTTPS with the registered certificate', async function (this: RoadtestWorld, code: string) {
  await sendSoapAlongRoute(this, requestFor(this, code), { url: httpsUrl(this), tls: registeredIsCertificate(handles(this)) });
});

When('the client IS sends a SOAP request for {string} over HTTPS with an unregistered certificate', async function (this: RoadtestWorld, code: string) {
  await sendSoapAlongRoute(this, requestFor(this, code), { url: httpsUrl(this), tls: unregisteredIsCertificate(handles(this)) });
});
