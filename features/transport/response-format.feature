Feature: The transport response the SUT sends back to the consumer's security server
  The provider SS answers with multipart/mixed: the SOAP message (with attachments nested) or the
  REST response header part (with the body), the hash chain of a batch signature, then the
  signature over the provider member's key; HTTP headers carry x-hash-algorithm and, for SOAP,
  x-original-content-type. A provider that fails before processing answers with a whole text/xml
  SOAP fault, which the consumer relays; any other content type is a malformed response
  (TRANSP-006, TRANSP-007, TRANSP-015). The harness plays the consumer SS to see the raw answer.

  @req:TRANSP-006 @req:SIG-001 @sut-provider @cap:soap
  Scenario: A SOAP response is the SOAP part and the signature, with the transport headers
    When a consumer security server sends the SUT a SOAP request for "getRandom"
    Then the consumer security server receives a response signed by the SUT's provider
    And the SUT's answer has the parts:
      | text/xml              |
      | signature/bdoc-1.0/ts |
    And the SUT's answer carries the HTTP headers:
      | x-hash-algorithm        | a known digest name  |
      | x-original-content-type | starts with text/xml |

  @req:TRANSP-006 @req:SIG-006 @sut-provider @cap:soap @cap:attachments
  Scenario: A SOAP response with attachments nests them and is batch-signed
    Given the provider IS answers "echo" with the attachments it received
    When a consumer security server sends the SUT a SOAP request for "echo" with 2 attachments
    Then the consumer security server receives a response signed by the SUT's provider
    And the SUT's answer has the parts:
      | text/xml                      |
      | multipart/mixed               |
      | application/hash-chain-result |
      | application/hash-chain        |
      | signature/bdoc-1.0/ts         |

  @req:TRANSP-006 @req:TRANSP-015 @sut-provider @cap:rest
  Scenario: A REST response is the response header part, the body, the hash chain and the signature
    When a consumer security server sends the SUT a REST POST request for "pets" to "/1" with the body "{\"name\":\"Tom\"}"
    Then the consumer security server receives a response signed by the SUT's provider
    And the SUT's answer has the parts:
      | application/x-road-rest-response |
      | application/x-road-rest-body     |
      | application/hash-chain-result    |
      | application/hash-chain           |
      | signature/bdoc-1.0/ts            |
    And the SUT's REST response part reads the status line "200", a reason phrase line, then Name:Value lines
    And the SUT's REST response part has the header lines "x-road-id", "x-road-client", "x-road-service", "x-road-request-id" and "x-road-request-hash"

  @req:TRANSP-007 @sut-provider @cap:soap
  Scenario: A provider SS that fails before processing answers with a whole text/xml SOAP fault
    When a consumer security server sends the SUT a SOAP request for "denied"
    Then the SUT's answer is a whole text/xml SOAP fault
    And the consumer security server receives a "server.serverproxy" fault for "access_denied"

  @req:TRANSP-007 @sut-client @cap:soap
  Scenario: The SUT relays the text/xml fault of a provider SS to its client
    Given the provider's security server is a recording stand-in that answers with a text/xml SOAP fault "Server.ServerProxy.ServiceDisabled" "Service is disabled: roadtest notice"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.serverproxy" fault for "service_disabled"
    And the SOAP fault string mentions "roadtest notice"

  @req:TRANSP-007 @sut-client @cap:soap
  Scenario: The SUT answers its client with a fault when the provider SS answers text/html
    Given the provider's security server is a recording stand-in that answers with a text/html page
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.clientproxy" fault for "invalid_content_type"
