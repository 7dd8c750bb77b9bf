Feature: The signatures the SUT puts on its responses, as the consumer's security server sees them
  Every transport response is signed with a signing key of the provider's member, in the same
  layout as requests (SIG-001, SIG-003..009). The harness plays the consumer SS and verifies the
  answer with the peer's global configuration.

  @req:SIG-001 @req:SIG-003 @req:SIG-004 @req:SIG-005 @sut-provider @cap:soap
  Scenario: A SOAP response is signed directly by the provider's member in X-Road's XAdES layout
    When a consumer security server sends the SUT a SOAP request for "getRandom"
    Then the SUT's response signature verifies for the provider's member
    And the signing certificate of the SUT's response has nonRepudiation and comes from an approved CA
    And the SUT's response signature has X-Road's single-message layout
    And the SUT's response signature method suits its signing key

  @req:SIG-006 @req:SIG-007 @req:SIG-009 @sut-provider @cap:soap @cap:attachments
  Scenario: A SOAP response with attachments is signed through a hash chain over every part
    Given the provider IS answers "echo" with the attachments it received
    When a consumer security server sends the SUT a SOAP request for "echo" with 2 attachments
    Then the SUT's response signature verifies for the provider's member
    And the SUT's response signature has X-Road's batch layout
    And the hash chain of the SUT's response has a DataRef with the SHA-512 of each part it sent

  @req:SIG-006 @req:SIG-009 @sut-provider @cap:rest
  Scenario: A REST response with a body is signed through a hash chain over the response part and the body
    When a consumer security server sends the SUT a REST POST request for "pets" to "/1" with the body "{\"name\":\"Tom\"}"
    Then the SUT's response signature verifies for the provider's member
    And the SUT's response signature has X-Road's batch layout
    And the hash chain of the SUT's response has a DataRef with the SHA-512 of each part it sent
