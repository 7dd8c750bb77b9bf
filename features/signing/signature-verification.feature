Feature: The SUT verifies the signatures of the messages it receives
  A provider SS checks, before it calls its provider IS, that the request's signature is by a
  signing certificate (not an auth certificate) whose subject names the client's member, that the
  signing certificate is in KeyInfo, and that the certificate path and the embedded OCSP response
  are valid and fresh; ECDSA signature values are in XMLDSig raw r||s form (SIG-002, SIG-005,
  SIG-010, SIG-011, OCSP-005, OCSP-007). The harness plays the consumer SS and signs as it likes.

  @req:SIG-002 @sut-provider @cap:soap
  Scenario: A request signed with a certificate of another member is refused
    When a consumer security server sends the SUT a SOAP request for "getRandom" signed with a certificate of the SUT's member
    Then the consumer security server receives a "server.serverproxy" fault for "incorrect_certificate"
    And the SOAP fault string mentions "does not match name in message"
    And the provider IS received no request

  @req:SIG-010 @sut-provider @cap:soap
  Scenario Outline: A request <variant> is refused
    When a consumer security server sends the SUT a SOAP request for "getRandom" <variant>
    Then the consumer security server receives a "server.serverproxy" fault saying "<words>"
    And the provider IS received no request

    Examples:
      | variant                                    | words                                          |
      | signed with its authentication certificate | is not a signing certificate                   |
      | whose signature has no KeyInfo             | Signature does not contain signing certificate |

  @req:SIG-005 @req:OCSP-007 @sut-provider @cap:soap
  Scenario: A request whose signature embeds a stale OCSP response for the signing certificate is refused
    When a consumer security server sends the SUT a SOAP request for "getRandom" with a stale OCSP response in its signature
    Then the consumer security server receives a "server.serverproxy" fault for "incorrect_validation_info"
    And the provider IS received no request

  @req:SIG-005 @req:OCSP-005 @sut-provider @cap:soap
  Scenario: A request whose signature embeds a revoked OCSP status for the signing certificate is refused
    When a consumer security server sends the SUT a SOAP request for "getRandom" with a revoked OCSP response in its signature
    Then the consumer security server receives a "server.serverproxy" fault for "cert_validation"
    And the SOAP fault string mentions "revoked"
    And the provider IS received no request

  @req:SIG-011 @sut-provider @cap:soap @cap:ec-keys
  Scenario: A request signed with an ECDSA key in XMLDSig raw form is accepted
    When a consumer security server sends the SUT a SOAP request for "getRandom" signed with an EC key
    Then the consumer security server receives a response signed by the SUT's provider

  @req:SIG-011 @sut-provider @cap:soap @cap:ec-keys
  Scenario: A request whose ECDSA signature value is DER-encoded instead of raw r||s is refused
    When a consumer security server sends the SUT a SOAP request for "getRandom" signed with an EC key whose signature value is DER-encoded
    Then the consumer security server receives a "server.serverproxy" fault for "invalid_signature_value"
    And the provider IS received no request
