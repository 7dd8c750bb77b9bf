Feature: Neither security server forwards a transport message that does not verify
  Content is buffered until its signature verifies: a provider SS refuses a tampered or incomplete
  request before it calls the provider IS, a consumer SS refuses a tampered or incomplete response
  and gives its client IS a fault instead (TRANSP-005..009, SIG-007, SIG-010, TRANSP-017). The peer
  security server is told to get exactly one thing wrong.

  @req:TRANSP-008 @req:SIG-010 @req:TRANSP-017 @sut-provider @cap:soap
  Scenario Outline: The SUT refuses a request whose <what> and never calls its provider IS
    Given the peer security server misbehaves with "<knob>"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.serverproxy" fault for "<code>"
    And the provider IS received no request

    Examples:
      | what                                | knob             | code                    |
      | SOAP part was changed after signing | tamper-body      | invalid_signature_value |
      | signature value was changed         | tamper-signature | invalid_signature_value |

  @req:TRANSP-009 @req:TRANSP-017 @sut-provider @cap:soap
  Scenario Outline: The SUT refuses an incomplete transport request: <what>
    Given the peer security server misbehaves with "<knob>"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.serverproxy" fault for "<code>"
    And the provider IS received no request

    Examples:
      | what                                      | knob               | code                      |
      | no OCSP responses                         | omit-ocsp-parts    | ssl_authentication_failed |
      | no signature                              | omit-signature     | missing_signature         |
      | the signature where the SOAP part belongs | omit-message       | invalid_content_type      |
      | not multipart/mixed                       | wrong-content-type | invalid_content_type      |

  @req:TRANSP-008 @req:SIG-007 @req:SIG-010 @sut-provider @cap:soap @cap:attachments
  Scenario Outline: The SUT refuses a batch-signed request whose <what>
    Given the peer security server misbehaves with "<knob>"
    When the client IS sends a SOAP request for "echo" with 2 attachments
    Then the client IS receives a "server.serverproxy" fault for "<code>"
    And the provider IS received no request

    Examples:
      | what                                       | knob              | code               |
      | first attachment was changed after signing | tamper-attachment | invalid_hash_chain |
      | hash chain no longer adds up to its result | tamper-hash-chain | invalid_hash_chain |

  @req:TRANSP-009 @sut-provider @cap:rest
  Scenario: The SUT refuses a REST transport request that has the signature where the REST header part belongs
    Given the peer security server misbehaves with "omit-message"
    When the client IS calls the REST service "pets" with GET "/1"
    Then the client IS receives a REST error with an X-Road-Error header and status 500
    And the REST error is "server.serverproxy" for "invalid_content_type"
    And the provider IS received no request

  @req:TRANSP-008 @req:SIG-010 @req:TRANSP-017 @sut-client @cap:soap
  Scenario Outline: The SUT gives its client a fault, not the response, when the response <what>
    Given the peer security server misbehaves with "<knob>"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.clientproxy" fault for "<code>"
    And the client IS answer does not contain the provider's response

    Examples:
      | what                                          | knob                | code                    |
      | SOAP part was changed after signing           | tamper-body         | invalid_signature_value |
      | signature value was changed                   | tamper-signature    | invalid_signature_value |
      | has no signature                              | omit-signature      | missing_signature       |
      | has the signature where the SOAP part belongs | omit-message        | invalid_content_type    |
      | is sent as text/html                          | wrong-content-type  | invalid_content_type    |
      | is the plain SOAP message, not multipart      | plain-soap-response | invalid_message         |

  @req:TRANSP-008 @req:SIG-007 @req:SIG-010 @sut-client @cap:soap @cap:attachments
  Scenario Outline: The SUT refuses a batch-signed response whose <what>
    Given the provider IS answers "echo" with the attachments it received
    And the peer security server misbehaves with "<knob>"
    When the client IS sends a SOAP request for "echo" with 2 attachments
    Then the client IS receives a "server.clientproxy" fault for "<code>"
    And the client IS answer does not contain the provider's response

    Examples:
      | what                                       | knob              | code               |
      | first attachment was changed after signing | tamper-attachment | invalid_hash_chain |
      | hash chain no longer adds up to its result | tamper-hash-chain | invalid_hash_chain |

  @req:TRANSP-006 @sut-client @cap:soap
  Scenario: A response that ends with a SOAP fault in place of the signature reaches the client as that fault
    Given the peer security server misbehaves with "fault-as-last-part"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.serverproxy" fault for "cannot_create_signature"
    And the client IS answer does not contain the provider's response

  @req:TRANSP-016 @req:TRANSP-008 @sut-client @cap:rest
  Scenario Outline: The SUT refuses a signed REST response whose <what> differs from the request
    Given the peer security server misbehaves with "<knob>"
    When the client IS calls the REST service "pets" with GET "/1"
    Then the client IS receives a REST error with an X-Road-Error header and status 500
    And the REST error is "server.clientproxy" for "inconsistent_response"

    Examples:
      | what          | knob               |
      | x-road-id     | alter-id           |
      | x-road-client | alter-client       |
      | request hash  | bogus-request-hash |

  @req:TRANSP-008 @req:SIG-010 @sut-client @cap:rest
  Scenario Outline: The SUT refuses a REST response whose <what>
    Given the peer security server misbehaves with "<knob>"
    When the client IS calls the REST service "pets" with POST "/1" and the body "{\"name\":\"Tom\"}"
    Then the client IS receives a REST error with an X-Road-Error header and status 500
    And the REST error is "server.clientproxy" for "<code>"

    Examples:
      | what                                  | knob              | code               |
      | header part was changed after signing | tamper-body       | invalid_hash_chain |
      | body was changed after signing        | tamper-attachment | invalid_hash_chain |
