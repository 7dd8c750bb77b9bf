Feature: REST headers: what travels, what the security servers set, what they drop
  X-Road-* request headers reach the provider (REST-005); the response carries X-Road-Client,
  -Service, -Id, -Request-Id and -Request-Hash set by the security servers, whatever the provider
  IS put there (REST-006, REST-007); Content-Type, Accept and user headers pass as they are
  (REST-008); hop-by-hop and origin-leaking headers do not (REST-009); redirects are passed back,
  never followed (REST-010).

  @req:REST-005 @sut-client @cap:rest
  Scenario: X-Road-UserId, X-Road-Issue and X-Road-Represented-Party reach the provider IS
    When the client IS calls the REST service "pets" with GET "/pets" and the headers:
      | X-Road-UserId            | EE12345678901 |
      | X-Road-Issue             | ticket-42     |
      | X-Road-Represented-Party | COM/7000      |
    Then the client IS receives a REST response with status 200
    And the provider IS received the HTTP header "X-Road-UserId" with the value "EE12345678901"
    And the provider IS received the HTTP header "X-Road-Issue" with the value "ticket-42"
    And the provider IS received the HTTP header "X-Road-Represented-Party" with the value "COM/7000"

  @req:REST-005 @sut-provider @cap:rest
  Scenario: The SUT hands X-Road-UserId and X-Road-Issue to its provider IS
    When the client IS calls the REST service "pets" with GET "/pets" and the headers:
      | X-Road-UserId | EE12345678901 |
      | X-Road-Issue  | ticket-42     |
    Then the client IS receives a REST response with status 200
    And the provider IS received the HTTP header "X-Road-UserId" with the value "EE12345678901"
    And the provider IS received the HTTP header "X-Road-Issue" with the value "ticket-42"

  @req:REST-005 @req:REST-006 @sut-client @cap:rest
  Scenario: Without X-Road-Id the SUT generates one of the form instance-UUID
    When the client IS calls the REST service "pets" with GET "/pets"
    Then the client IS receives a REST response with status 200
    And the REST response header "X-Road-Id" matches "^DEV-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
    And the provider IS received the HTTP header "X-Road-Id" with the REST response's X-Road-Id

  @req:REST-005 @req:REST-006 @sut-client @cap:rest
  Scenario: A client's X-Road-Id is kept end to end
    When the client IS calls the REST service "pets" with GET "/pets" and the headers:
      | X-Road-Id | roadtest-rest-id-1 |
    Then the client IS receives a REST response with status 200
    And the REST response header "X-Road-Id" is "roadtest-rest-id-1"
    And the provider IS received the HTTP header "X-Road-Id" with the value "roadtest-rest-id-1"

  @req:REST-005 @req:EXT-001 @sut-client @cap:rest
  Scenario: X-Road-Security-Server targets the provider's security server
    When the client IS calls the REST service "pets" with GET "/pets" and the headers:
      | X-Road-Security-Server | {provider's server} |
    Then the client IS receives a REST response with status 200

  @req:REST-005 @req:EXT-001 @sut-client @cap:rest
  Scenario: X-Road-Security-Server naming a server that does not host the provider is refused
    When the client IS calls the REST service "pets" with GET "/pets" and the headers:
      | X-Road-Security-Server | {client's server} |
    Then the client IS receives the REST error "server.clientproxy.invalid_security_server" with status 500
    And the provider IS received no request

  @req:REST-006 @sut-client @cap:rest
  Scenario: X-Road-* headers set by the provider IS are replaced by the real values
    Given the provider IS answers the REST service "pets" with status 200 and the headers:
      | X-Road-Client     | EVIL/EVIL/EVIL/EVIL |
      | X-Road-Id         | evil-id             |
      | X-Road-Request-Id | not-the-request-id  |
    When the client IS calls the REST service "pets" with GET "/pets"
    Then the client IS receives a REST response with status 200
    And the REST response header "X-Road-Client" names the client
    And the REST response header "X-Road-Service" names the service "pets"
    And the REST response header "X-Road-Request-Id" is a UUID
    And the REST response header "X-Road-Id" matches "^DEV-"

  @req:REST-006 @sut-provider @cap:rest
  Scenario: The SUT replaces X-Road-* headers set by its provider IS
    Given the provider IS answers the REST service "pets" with status 200 and the headers:
      | X-Road-Client     | EVIL/EVIL/EVIL/EVIL |
      | X-Road-Request-Id | not-the-request-id  |
    When the client IS calls the REST service "pets" with GET "/pets"
    Then the client IS receives a REST response with status 200
    And the REST response header "X-Road-Client" names the client
    And the REST response header "X-Road-Request-Id" is a UUID

  @req:REST-007 @sut-provider @cap:rest
  Scenario Outline: The SUT's X-Road-Request-Hash for a <method> is accepted by the consumer
    When the client IS calls the REST service "pets" with <method> "/pets/1" and the body '<body>'
    Then the client IS receives a REST response with status 200
    And the REST response header "X-Road-Request-Hash" is a Base64 SHA-512 digest

    Examples:
      | method | body              |
      | GET    |                   |
      | POST   | {"name":"Rex"}    |

  @req:REST-007 @sut-client @cap:rest
  Scenario: The SUT refuses a response whose X-Road-Request-Hash is wrong
    Given the peer security server misbehaves with "bogus-request-hash"
    When the client IS calls the REST service "pets" with GET "/pets"
    Then the client IS receives the REST error "server.clientproxy.service_failed.inconsistent_response" with status 500

  @req:REST-006 @req:TRANSP-016 @sut-client @cap:rest
  Scenario Outline: The SUT refuses a signed REST response whose <what> was altered
    Given the peer security server misbehaves with "<knob>"
    When the client IS calls the REST service "pets" with GET "/pets"
    Then the client IS receives the REST error "server.clientproxy.service_failed.inconsistent_response" with status 500

    Examples:
      | what          | knob         |
      | X-Road-Id     | alter-id     |
      | X-Road-Client | alter-client |

  @req:REST-008 @sut-client @cap:rest
  Scenario: Content-Type, Accept and user headers pass as they are in both directions
    Given the provider IS answers the REST service "pets" with status 200 and the headers:
      | Content-Type  | application/vnd.pets+json; charset=utf-8 |
      | X-Powered-By  | roadtest-pets                            |
      | Cache-Control | max-age=60                               |
    When the client IS calls the REST service "pets" with GET "/pets" and the headers:
      | Accept        | application/vnd.pets+json |
      | Authorization | Bearer eyJhbGciOiJub25lIn0.e30. |
      | X-Custom      | custom value              |
    Then the client IS receives a REST response with status 200
    And the provider IS received the HTTP header "Accept" with the value "application/vnd.pets+json"
    And the provider IS received the HTTP header "Authorization" with the value "Bearer eyJhbGciOiJub25lIn0.e30."
    And the provider IS received the HTTP header "X-Custom" with the value "custom value"
    And the REST response header "Content-Type" is "application/vnd.pets+json; charset=utf-8"
    And the REST response header "X-Powered-By" is "roadtest-pets"
    And the REST response header "Cache-Control" is "max-age=60"

  @req:REST-008 @sut-provider @cap:rest
  Scenario: The SUT passes Content-Type, Accept and user headers in both directions
    Given the provider IS answers the REST service "pets" with status 200 and the headers:
      | Content-Type | application/vnd.pets+json; charset=utf-8 |
      | X-Powered-By | roadtest-pets                            |
    When the client IS calls the REST service "pets" with POST "/pets" and the body "{}" and the headers:
      | Content-Type  | application/json; charset=utf-8 |
      | Accept        | application/vnd.pets+json       |
      | Authorization | Bearer eyJhbGciOiJub25lIn0.e30. |
    Then the client IS receives a REST response with status 200
    And the provider IS received the HTTP header "Content-Type" with the value "application/json; charset=utf-8"
    And the provider IS received the HTTP header "Authorization" with the value "Bearer eyJhbGciOiJub25lIn0.e30."
    And the REST response header "Content-Type" is "application/vnd.pets+json; charset=utf-8"
    And the REST response header "X-Powered-By" is "roadtest-pets"

  @req:REST-009 @sut-client @cap:rest
  Scenario: User-Agent and proxy credentials of the client IS do not reach the provider
    When the client IS calls the REST service "pets" with GET "/pets" and the headers:
      | User-Agent          | roadtest-client-is/1.0 |
      | Proxy-Authorization | Basic dXNlcjpwYXNz     |
    Then the client IS receives a REST response with status 200
    And the provider IS did not receive a User-Agent naming "roadtest-client-is"
    And the provider IS did not receive the HTTP header "Proxy-Authorization"

  @req:REST-009 @sut-provider @cap:rest
  Scenario: The SUT sends no User-Agent of its own to the provider IS, and drops the provider's Server header
    Given the provider IS answers the REST service "pets" with status 200 and the headers:
      | Server | pets-backend/9.9 |
    When the client IS calls the REST service "pets" with GET "/pets" and the headers:
      | User-Agent | roadtest-client-is/1.0 |
    Then the client IS receives a REST response with status 200
    And the provider IS did not receive the HTTP header "User-Agent"
    And the REST response has no header "Server" saying "pets-backend/9.9"

  @req:REST-010 @sut-client @cap:rest
  Scenario: A redirect from the provider IS is passed back, not followed
    Given the provider IS answers the REST service "pets" with status 302 and the headers:
      | Location | http://elsewhere.invalid/pets |
    When the client IS calls the REST service "pets" with GET "/pets"
    Then the client IS receives a REST response with status 302
    And the REST response header "Location" is "http://elsewhere.invalid/pets"
    And the provider IS received 1 request

  @req:REST-010 @sut-provider @cap:rest
  Scenario: The SUT passes its provider IS's redirect back without following it
    Given the provider IS answers the REST service "pets" with status 307 and the headers:
      | Location | http://elsewhere.invalid/pets |
    When the client IS calls the REST service "pets" with GET "/pets"
    Then the client IS receives a REST response with status 307
    And the REST response header "Location" is "http://elsewhere.invalid/pets"
    And the provider IS received 1 request
