Feature: What a SOAP exchange carries from client IS to provider IS and back
  The security servers pass the SOAP message on unmodified (MESS-012), with only Content-Type and
  SOAPAction as HTTP headers (MESS-010, MESS-011); header fields such as userId reach the provider
  (MESS-004); attachments keep their parts and MIME headers (MESS-016); charsets survive
  (MESS-017); a provider IS fault comes back as it was (MESS-019).

  @req:MESS-004 @req:MESS-012 @sut-client @cap:soap
  Scenario: The provider IS receives the client IS's request byte for byte, userId included
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives a successful SOAP response
    And the provider IS received the SOAP request byte for byte
    And the provider IS received the header field "userId" with the value "EE12345678901"

  @req:MESS-004 @req:MESS-012 @sut-provider @cap:soap
  Scenario: The SUT hands the provider IS the request byte for byte, userId included
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives a successful SOAP response
    And the provider IS received the SOAP request byte for byte
    And the provider IS received the header field "userId" with the value "EE12345678901"

  @req:MESS-004 @sut-client @cap:soap
  Scenario: A request without the optional userId and issue fields is served
    When the client IS sends a SOAP request for "echo" without the header field "userId"
    Then the client IS receives a successful SOAP response
    And the response header echoes the request's header fields

  @req:MESS-010 @sut-client @cap:soap
  Scenario: A SOAPAction that is not a quoted URI is refused
    When the client IS sends a SOAP request for "echo" with SOAPAction "foo"
    Then the client IS receives the SOAP fault "client.invalid_soap_action"
    And the provider IS received no request

  @req:MESS-010 @sut-client @cap:soap
  Scenario: A quoted SOAPAction reaches the provider IS unchanged
    When the client IS sends a SOAP request for "echo" with SOAPAction "\"urn:roadtest:echo\""
    Then the client IS receives a successful SOAP response
    And the provider IS received the HTTP header "SOAPAction" with the value "\"urn:roadtest:echo\""

  @req:MESS-010 @sut-provider @cap:soap
  Scenario: The SUT re-emits the original SOAPAction to its provider IS
    When the client IS sends a SOAP request for "echo" with SOAPAction "\"urn:roadtest:echo\""
    Then the client IS receives a successful SOAP response
    And the provider IS received the HTTP header "SOAPAction" with the value "\"urn:roadtest:echo\""

  @req:MESS-010 @sut-client @cap:soap
  Scenario: An empty SOAPAction is accepted
    When the client IS sends a SOAP request for "echo" with SOAPAction ""
    Then the client IS receives a successful SOAP response

  @req:MESS-011 @sut-client @cap:soap
  Scenario: Other HTTP headers of the client IS do not reach the provider, nor the provider's reach the client
    Given the provider IS answers "echo" with the extra HTTP header "X-Provider-Secret" set to "1"
    When the client IS sends a SOAP request for "echo" with the HTTP header "X-Foo" set to "1"
    Then the client IS receives a successful SOAP response
    And the provider IS received only Content-Type and SOAPAction as message headers
    And the client IS response carries no HTTP header "X-Provider-Secret"

  @req:MESS-011 @sut-provider @cap:soap
  Scenario: The SUT gives its provider IS only Content-Type and SOAPAction, and passes back only Content-Type
    Given the provider IS answers "echo" with the extra HTTP header "X-Provider-Secret" set to "1"
    When the client IS sends a SOAP request for "echo" with the HTTP header "X-Foo" set to "1"
    Then the client IS receives a successful SOAP response
    And the provider IS received only Content-Type and SOAPAction as message headers
    And the client IS response carries no HTTP header "X-Provider-Secret"

  @req:MESS-016 @req:MESS-012 @sut-client @cap:soap @cap:attachments
  Scenario: SwA attachments reach the provider IS with identical parts and MIME headers
    Given the provider IS answers "echo" with the attachments it received
    When the client IS sends a SOAP request for "echo" with 2 attachments
    Then the client IS receives a successful SOAP response with attachments
    And the provider IS received the SOAP request byte for byte
    And the provider IS received the attachments as sent, with their MIME headers
    And the client IS receives the attachments back

  @req:MESS-016 @req:MESS-012 @sut-provider @cap:soap @cap:attachments
  Scenario: The SUT hands SwA attachments to its provider IS with identical parts and MIME headers
    Given the provider IS answers "echo" with the attachments it received
    When the client IS sends a SOAP request for "echo" with 2 attachments
    Then the client IS receives a successful SOAP response with attachments
    And the provider IS received the SOAP request byte for byte
    And the provider IS received the attachments as sent, with their MIME headers
    And the client IS receives the attachments back

  @req:MESS-016 @sut-client @cap:soap @cap:mtom
  Scenario: An MTOM request reaches the provider IS with its XOP root part
    When the client IS sends an MTOM SOAP request for "echo" with 1 attachment
    Then the client IS receives a successful SOAP response
    And the provider IS received the attachments as sent, with their MIME headers
    And the provider IS received a multipart/related request whose root part is application/xop+xml

  @req:MESS-016 @sut-provider @cap:soap @cap:mtom
  Scenario: The SUT hands an MTOM request to its provider IS with its XOP root part
    When the client IS sends an MTOM SOAP request for "echo" with 1 attachment
    Then the client IS receives a successful SOAP response
    And the provider IS received the attachments as sent, with their MIME headers
    And the provider IS received a multipart/related request whose root part is application/xop+xml

  @req:MESS-016 @sut-client @cap:soap @cap:attachments
  Scenario: A 3 MiB attachment goes through
    When the client IS sends a SOAP request for "echo" with an attachment of 3072 KiB
    Then the client IS receives a successful SOAP response
    And the provider IS received the attachments as sent, with their MIME headers

  @req:MESS-017 @sut-client @cap:soap
  Scenario: An ISO-8859-1 request round-trips with its charset
    When the client IS sends a SOAP request for "echo" encoded in ISO-8859-1 with the content "Jürgen Größe"
    Then the client IS receives a successful SOAP response
    And the provider IS received the SOAP request byte for byte
    And the response body says "Jürgen Größe"

  @req:MESS-017 @sut-provider @cap:soap
  Scenario: The SUT serves an ISO-8859-1 request and answer in their charset
    When the client IS sends a SOAP request for "echo" encoded in ISO-8859-1 with the content "Jürgen Größe"
    Then the client IS receives a successful SOAP response
    And the provider IS received the SOAP request byte for byte
    And the response body says "Jürgen Größe"

  @req:MESS-017 @sut-client @cap:soap
  Scenario: A request starting with a UTF-8 byte order mark is accepted
    When the client IS sends a SOAP request for "echo" prefixed with a UTF-8 byte order mark
    Then the client IS receives a successful SOAP response

  @req:MESS-017 @sut-provider @cap:soap
  Scenario: The SUT serves a request that starts with a UTF-8 byte order mark
    When the client IS sends a SOAP request for "echo" prefixed with a UTF-8 byte order mark
    Then the client IS receives a successful SOAP response

  @req:MESS-019 @sut-client @cap:soap
  Scenario: A SOAP fault from the provider IS reaches the client IS unchanged
    Given the provider IS answers "echo" with the SOAP fault "SOAP-ENV:Server" "provider database unavailable"
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives the provider IS fault "SOAP-ENV:Server" "provider database unavailable" unchanged

  @req:MESS-019 @sut-provider @cap:soap
  Scenario: The SUT passes its provider IS's SOAP fault back unchanged
    Given the provider IS answers "echo" with the SOAP fault "SOAP-ENV:Server" "provider database unavailable"
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives the provider IS fault "SOAP-ENV:Server" "provider database unavailable" unchanged
