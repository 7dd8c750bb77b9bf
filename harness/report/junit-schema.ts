// A schema for JUnit XML written from the rules of the Jenkins xunit "junit-10" format that
// GitHub Actions, GitLab and Jenkins reporters follow (no copy of that file): testsuites >
// testsuite (name/tests/failures/errors required, properties only at suite level) > testcase
// (name required; skipped | error | failure | system-out | system-err children).
export const JUNIT_SCHEMA_XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="seconds"><xs:restriction base="xs:string"><xs:pattern value="[0-9]+(\\.[0-9]*)?"/></xs:restriction></xs:simpleType>
  <xs:complexType name="outcome" mixed="true"><xs:attribute name="type" type="xs:string"/><xs:attribute name="message" type="xs:string"/></xs:complexType>
  <xs:element name="property"><xs:complexType><xs:attribute name="name" type="xs:string" use="required"/><xs:attribute name="value" type="xs:string" use="required"/></xs:complexType></xs:element>
  <xs:element name="properties"><xs:complexType><xs:sequence><xs:element ref="property" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
  <xs:element name="testcase"><xs:complexType>
    <xs:choice minOccurs="0" maxOccurs="unbounded">
      <xs:element name="skipped" type="outcome"/><xs:element name="error" type="outcome"/><xs:element name="failure" type="outcome"/>
      <xs:element name="system-out" type="xs:string"/><xs:element name="system-err" type="xs:string"/>
    </xs:choice>
    <xs:attribute name="name" type="xs:string" use="required"/><xs:attribute name="time" type="xs:string"/><xs:attribute name="classname" type="xs:string"/><xs:attribute name="group" type="xs:string"/>
  </xs:complexType></xs:element>
  <xs:element name="testsuite"><xs:complexType>
    <xs:choice minOccurs="0" maxOccurs="unbounded">
      <xs:element ref="testsuite"/><xs:element ref="properties"/><xs:element ref="testcase"/>
      <xs:element name="system-out" type="xs:string"/><xs:element name="system-err" type="xs:string"/>
    </xs:choice>
    <xs:attribute name="name" type="xs:string" use="required"/><xs:attribute name="tests" type="xs:string" use="required"/>
    <xs:attribute name="failures" type="xs:string" use="required"/><xs:attribute name="errors" type="xs:string" use="required"/>
    <xs:attribute name="skipped" type="xs:string"/><xs:attribute name="time" type="seconds"/><xs:attribute name="timestamp" type="xs:string"/>
    <xs:attribute name="hostname" type="xs:string"/><xs:attribute name="id" type="xs:string"/><xs:attribute name="package" type="xs:string"/>
    <xs:attribute name="group" type="xs:string"/><xs:attribute name="file" type="xs:string"/><xs:attribute name="log" type="xs:string"/><xs:attribute name="url" type="xs:string"/>
  </xs:complexType></xs:element>
  <xs:element name="testsuites"><xs:complexType>
    <xs:sequence><xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
    <xs:attribute name="name" type="xs:string"/><xs:attribute name="time" type="seconds"/><xs:attribute name="tests" type="xs:string"/>
    <xs:attribute name="failures" type="xs:string"/><xs:attribute name="errors" type="xs:string"/>
  </xs:complexType></xs:element>
</xs:schema>
`;
