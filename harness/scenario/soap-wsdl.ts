// A provider's WSDL as MESS §3.2 describes one (MESS-021): document/literal wrapped, xrd:version
// under binding/operation, xrd:title, xrd:notes and xrd:techNotes under
// portType/operation/documentation; and the checks that a WSDL handed out by getWsdl still says
// all that. The provider IS publishes it; the security server may only hide the endpoint address.
import { DOMParser, type Element } from '@xmldom/xmldom';

const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const WSDL_SOAP_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
const XROAD_NS = 'http://x-road.eu/xsd/xroad.xsd';

export const WSDL_MARKS = { version: 'v1', title: 'Random number', notes: 'Gives a random number.', techNotes: 'Served by the roadtest provider IS.' };

export function providerWsdl(serviceCode: string, endpoint: string): string {
  const m = WSDL_MARKS;
  return `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="${WSDL_NS}" xmlns:soap="${WSDL_SOAP_NS}" xmlns:xrd="${XROAD_NS}"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="http://provider.example.org/" targetNamespace="http://provider.example.org/">
  <wsdl:types><xsd:schema targetNamespace="http://provider.example.org/" elementFormDefault="qualified">
    <xsd:import namespace="${XROAD_NS}" schemaLocation="http://x-road.eu/xsd/xroad.xsd"/>
    <xsd:element name="${serviceCode}"><xsd:complexType><xsd:sequence><xsd:element name="input" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
    <xsd:element name="${serviceCode}Response"><xsd:complexType><xsd:sequence><xsd:element name="input" type="xsd:string"/></xsd:sequence></xsd:complexType></xsd:element>
  </xsd:schema></wsdl:types>
  <wsdl:message name="requestheader"><wsdl:part name="client" element="xrd:client"/><wsdl:part name="service" element="xrd:service"/><wsdl:part name="id" element="xrd:id"/><wsdl:part name="protocolVersion" element="xrd:protocolVersion"/></wsdl:message>
  <wsdl:message name="${serviceCode}"><wsdl:part name="body" element="tns:${serviceCode}"/></wsdl:message>
  <wsdl:message name="${serviceCode}Response"><wsdl:part name="body" element="tns:${serviceCode}Response"/></wsdl:message>
  <wsdl:portType name="servicePortType">
    <wsdl:operation name="${serviceCode}">
      <wsdl:documentation><xrd:title>${m.title}</xrd:title><xrd:notes>${m.notes}</xrd:notes><xrd:techNotes>${m.techNotes}</xrd:techNotes></wsdl:documentation>
      <wsdl:input message="tns:${serviceCode}"/><wsdl:output message="tns:${serviceCode}Response"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="serviceBinding" type="tns:servicePortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="${serviceCode}">
      <soap:operation soapAction="" style="document"/>
      <xrd:version>${m.version}</xrd:version>
      <wsdl:input><soap:body use="literal"/><soap:header message="tns:requestheader" part="client" use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/><soap:header message="tns:requestheader" part="client" use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="${serviceCode}Service"><wsdl:port name="servicePort" binding="tns:serviceBinding"><soap:address location="${endpoint}"/></wsdl:port></wsdl:service>
</wsdl:definitions>
`;
}

function children(el: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local) out.push(n as Element);
  }
  return out;
}

/** What a WSDL is missing of MESS-021 for `serviceCode` (empty when it has everything). */
export function wsdlProblems(text: string, serviceCode: string): string[] {
  const problems: string[] = [];
  let root: Element | null;
  try {
    root = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml').documentElement;
  } catch {
    root = null;
  }
  if (!root || root.namespaceURI !== WSDL_NS || root.localName !== 'definitions') return ['not a WSDL 1.1 document'];
  const portOp = children(root, WSDL_NS, 'portType').flatMap((p) => children(p, WSDL_NS, 'operation')).find((o) => o.getAttribute('name') === serviceCode);
  const binding = children(root, WSDL_NS, 'binding')[0];
  const bindOp = binding ? children(binding, WSDL_NS, 'operation').find((o) => o.getAttribute('name') === serviceCode) : undefined;
  if (!binding || children(binding, WSDL_SOAP_NS, 'binding')[0]?.getAttribute('style') !== 'document') problems.push('soap:binding style is not document');
  if (!bindOp) problems.push(`no binding/operation ${serviceCode}`);
  else if (children(bindOp, XROAD_NS, 'version')[0]?.textContent !== WSDL_MARKS.version) problems.push('no xrd:version under binding/operation');
  const doc2 = portOp ? children(portOp, WSDL_NS, 'documentation')[0] : undefined;
  for (const f of ['title', 'notes', 'techNotes'] as const) {
    if (!doc2 || children(doc2, XROAD_NS, f)[0]?.textContent !== WSDL_MARKS[f]) problems.push(`no xrd:${f} under portType/operation/documentation`);
  }
  return problems;
}
