Feature: The signatures the SUT puts on its requests, as the provider's security server sees them
  Every transport request is signed with a signing key of the client's member: a certificate with
  nonRepudiation from an approved CA, in X-Road's XAdES layout, directly over the SOAP part or the
  REST header part, or through a hash chain when the message has attachments or a REST body
  (SIG-001, SIG-003..009). A recording stand-in provider server receives the request and the
  harness verifies it with the peer's global configuration.

  Background:
    Given the provider's security server is a recording stand-in showing "its registered auth certificate"

  @req:SIG-001 @req:SIG-002 @req:SIG-003 @req:SIG-004 @req:SIG-005 @sut-client @cap:soap
  Scenario: A SOAP request is signed directly by the client's member in X-Road's XAdES layout
    When the client IS sends a SOAP request for "getRandom"
    Then the SUT's request signature verifies for the client's member
    And the signing certificate of the SUT's request has nonRepudiation and comes from an approved CA
    And the SUT's request signature has X-Road's single-message layout
    And the SUT's request signature method suits its signing key

  @req:SIG-006 @req:SIG-007 @req:SIG-008 @req:SIG-009 @sut-client @cap:soap @cap:attachments
  Scenario: A SOAP request with attachments is signed through a hash chain over every part
    When the client IS sends a SOAP request for "echo" with 2 attachments
    Then the SUT's request signature verifies for the client's member
    And the SUT's request signature has X-Road's batch layout
    And the hash chain of the SUT's request has a DataRef with the SHA-512 of each part it sent

  @req:SIG-006 @req:SIG-009 @sut-client @cap:rest
  Scenario: A REST request with a body is signed through a hash chain over the header part and the body
    When the client IS calls the REST service "pets" with POST "/1" and the body "{\"name\":\"Tom\"}"
    Then the SUT's request signature verifies for the client's member
    And the SUT's request signature has X-Road's batch layout
    And the hash chain of the SUT's request has a DataRef with the SHA-512 of each part it sent

  @req:SIG-004 @req:SIG-009 @sut-client @cap:rest
  Scenario: A REST request without a body is signed directly over its header part
    When the client IS calls the REST service "pets" with GET "/1"
    Then the SUT's request signature verifies for the client's member
    And the SUT's request signature has X-Road's single-message layout
