Feature: requestHash and response consistency
  The provider-side security server puts its own requestHash into the response, right for the bytes
  the consumer received (MESS-013, MESS-014); the consumer-side security server checks the response
  header against the request and the requestHash, and the response signature, before the client IS
  sees anything (MESS-015).

  @req:MESS-013 @req:MESS-014 @sut-provider @cap:soap
  Scenario: The SUT replaces a requestHash made up by its provider IS with its own
    Given the provider IS answers "echo" with a made-up requestHash in its header
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives a successful SOAP response
    And the response requestHash is the SHA-512 of the request bytes the client IS sent

  @req:MESS-014 @sut-provider @cap:soap
  Scenario: The SUT's requestHash covers exactly the request bytes
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives a successful SOAP response
    And the response requestHash is the SHA-512 of the request bytes the client IS sent
    And the response header echoes the request's header fields

  @req:MESS-014 @sut-provider @cap:soap @cap:attachments
  Scenario: With attachments, the SUT's requestHash covers only the SOAP part
    When the client IS sends a SOAP request for "echo" with 2 attachments
    Then the client IS receives a successful SOAP response
    And the response requestHash is the SHA-512 of the request bytes the client IS sent

  @req:MESS-013 @sut-provider @cap:soap
  Scenario: The response header fields come back in the request's order
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives a successful SOAP response
    And the response header has the request's fields in the request's order

  @req:MESS-013 @req:MESS-015 @sut-client @cap:soap
  Scenario: The SUT accepts the requestHash the peer provider inserted for the bytes it sent
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives a successful SOAP response
    And the response requestHash is the SHA-512 of the request bytes the client IS sent

  @req:MESS-015 @req:MESS-014 @sut-client @cap:soap
  Scenario Outline: The SUT refuses a signed response whose requestHash is <what>
    Given the peer security server misbehaves with "<knob>"
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives the SOAP fault "server.clientproxy.service_failed.inconsistent_response"
    And the SOAP fault string mentions "<mention>"

    Examples:
      | what    | knob               | mention                                  |
      | wrong   | bogus-request-hash | Request message hash does not match      |
      | missing | omit-request-hash  | missing request message hash             |

  @req:MESS-015 @sut-client @cap:soap
  Scenario Outline: The SUT refuses a signed response whose <field> differs from the request's
    Given the peer security server misbehaves with "<knob>"
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives the SOAP fault "server.clientproxy.service_failed.inconsistent_response"

    Examples:
      | field  | knob         |
      | id     | alter-id     |
      | client | alter-client |

  @req:MESS-015 @req:EXT-004 @sut-client @cap:soap
  Scenario: The SUT refuses a response whose represented party differs from the request's
    When the client IS sends a SOAP request for "echo" on behalf of "COM/7000" and the provider IS answers on behalf of "COM/8000"
    Then the client IS receives the SOAP fault "server.clientproxy.service_failed.inconsistent_response"

  @req:MESS-015 @req:TRANSP-008 @sut-client @cap:soap
  Scenario: The SUT refuses a response whose SOAP part was changed after signing
    Given the peer security server misbehaves with "tamper-body"
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives a SOAP fault whose code starts with "server.clientproxy"
    And the client IS answer does not contain the provider's response

  @req:MESS-015 @req:TRANSP-008 @sut-client @cap:soap
  Scenario: The SUT refuses a response whose signature value was changed
    Given the peer security server misbehaves with "tamper-signature"
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives a SOAP fault whose code starts with "server.clientproxy"
    And the client IS answer does not contain the provider's response
