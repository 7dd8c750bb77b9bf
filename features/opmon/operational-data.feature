Feature: Every exchange shows up in the SUT's operational data
  getSecurityServerOperationalData is an X-Road SOAP service of the SUT's owner (OPMON-001). It
  answers multipart/related: a SOAP part with recordsCount and a cid: reference, and the records as
  gzip'd JSON (OPMON-003). Each exchange the SUT took part in is a record that says what happened:
  found by its message id, succeeded or not with the fault code, REST method, path and status
  (OPMON-006). Records become available after the SUT's records-available offset; the harness
  waits a few seconds for them.

  @req:OPMON-001 @req:OPMON-003 @req:OPMON-006 @sut-provider @cap:opmon @cap:soap
  Scenario: A SOAP request the SUT served is a Producer record with the exchange's ids
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    When the peer's client finds that exchange in the SUT's operational data
    Then the operational data is multipart/related with a recordsCount that matches its gzip'd JSON records
    And the record of that exchange says:
      | securityServerType  | Producer  |
      | succeeded           | true      |
      | serviceCode         | getRandom |
      | serviceSubsystemCode | PROVIDER |
      | clientSubsystemCode | CLIENT    |
      | serviceType         | WSDL      |

  @req:OPMON-006 @req:OPMON-004 @sut-client @cap:opmon @cap:soap
  Scenario: A SOAP request the SUT sent is a Client record, seen by the SUT's owner
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives a successful SOAP response
    When the SUT's owner finds that exchange in the SUT's operational data
    Then the record of that exchange says:
      | securityServerType | Client |
      | succeeded          | true   |
      | serviceCode        | echo   |

  @req:OPMON-006 @sut-provider @cap:opmon @cap:soap
  Scenario: A refused request is recorded as not succeeded, with its fault code
    When the client IS sends a SOAP request for "denied"
    Then the client IS receives a SOAP fault whose code ends with "access_denied"
    When the peer's client finds that exchange in the SUT's operational data
    Then the record of that exchange says:
      | succeeded   | false  |
      | serviceCode | denied |
    And the record of that exchange has a faultCode ending in "access_denied"

  @req:OPMON-006 @sut-provider @cap:opmon @cap:rest
  Scenario: A REST request is recorded with its method, path and status
    When the client IS calls the REST service "pets" with GET "/pets/7?color=black"
    Then the client IS receives a REST response with status 200
    When the peer's client finds that exchange in the SUT's operational data
    Then the record of that exchange says:
      | serviceType | REST  |
      | restMethod  | GET   |
      | statusCode  | 200   |
      | succeeded   | true  |
    And the record of that exchange has a restPath naming "/pets/7"

  @req:OPMON-006 @req:META-005 @sut-provider @cap:opmon @cap:metaservices
  Scenario: A metaservice call is monitored like any service
    When the client IS calls the metaservice "listMethods" of the provider
    When the peer's client finds that exchange in the SUT's operational data
    Then the record of that exchange says:
      | serviceCode | listMethods |
      | succeeded   | true        |

  @req:OPMON-002 @sut-provider @cap:opmon @cap:soap
  Scenario: outputSpec narrows the fields of every record
    When the client IS sends a SOAP request for "getRandom"
    And the peer's client finds that exchange in the SUT's operational data, asking only for "messageId, succeeded"
    Then every record carries only the fields "messageId, succeeded"
