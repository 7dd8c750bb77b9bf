Feature: REST messages through the security servers
  A REST request `{METHOD} /r1/{serviceId}[/path][?query]` with X-Road-Client goes through both
  security servers to the provider IS and the answer comes back (PR-REST §4, REST-001..006, ID-006).

  @req:REST-001 @req:REST-003 @sut-client @cap:rest
  Scenario: A GET through the SUT reaches the provider's service path and the answer comes back
    When the client IS calls the REST service "pets" with GET "/pets/7"
    Then the client IS receives a REST response with status 200
    And the provider IS received a REST GET request for "/pets/7"

  @req:REST-001 @req:REST-003 @sut-provider @cap:rest
  Scenario: The SUT serves a GET from the peer's client on its provider's service path
    When the client IS calls the REST service "pets" with GET "/pets/7"
    Then the client IS receives a REST response with status 200
    And the provider IS received a REST GET request for "/pets/7"

  @req:REST-001 @req:REST-011 @sut-client @cap:rest
  Scenario Outline: A malformed REST request line "<target>" is refused and nothing is forwarded
    When the client IS sends a REST request to the target "<target>"
    Then the client IS receives a REST error with an X-Road-Error header and status 4xx or 5xx
    And the provider IS received no request

    Examples:
      | target                       |
      | /r1/DEV/GOV/4321             |
      | /r1/DEV/GOV/4321/PROVIDER    |
      | /r1/DEV//4321/PROVIDER/pets  |

  @req:REST-002 @sut-client @cap:rest
  Scenario: A REST request without X-Road-Client is refused
    When the client IS calls the REST service "pets" with GET "/" without X-Road-Client
    Then the client IS receives a REST error whose X-Road-Error is "invalid_client_identifier" in any origin
    And the provider IS received no request

  @req:REST-002 @sut-client @cap:rest
  Scenario: The X-Road-Client header name is case-insensitive
    When the client IS calls the REST service "pets" with GET "/" and the headers:
      | x-road-client | {client} |
    Then the client IS receives a REST response with status 200

  @req:REST-002 @req:MESS-008 @sut-client @cap:rest
  Scenario: A REST client not registered on the SUT is refused
    When the client IS calls the REST service "pets" with GET "/" and the headers:
      | X-Road-Client | DEV/COM/1234/UNREGISTERED |
    Then the client IS receives the REST error "server.clientproxy.unknown_member" with status 500
    And the provider IS received no request

  @req:REST-003 @sut-client @cap:rest
  Scenario Outline: <method> requests go through the SUT
    When the client IS calls the REST service "pets" with <method> "/pets/7" and the body '{"name":"Rex"}'
    Then the client IS receives a REST response with status 200
    And the provider IS received a REST <method> request for "/pets/7"
    And the provider IS received the body that was sent

    Examples:
      | method |
      | POST   |
      | PUT    |
      | PATCH  |
      | DELETE |

  @req:REST-003 @sut-provider @cap:rest
  Scenario Outline: The SUT serves <method> requests
    When the client IS calls the REST service "pets" with <method> "/pets/7" and the body '{"name":"Rex"}'
    Then the client IS receives a REST response with status 200
    And the provider IS received a REST <method> request for "/pets/7"
    And the provider IS received the body that was sent

    Examples:
      | method |
      | POST   |
      | PATCH  |

  @req:REST-003 @sut-client @cap:rest
  Scenario Outline: <method> without a body goes through the SUT
    When the client IS calls the REST service "pets" with <method> "/pets"
    Then the client IS receives a REST response with status 200
    And the provider IS received a REST <method> request for "/pets"

    Examples:
      | method  |
      | HEAD    |
      | OPTIONS |

  @req:REST-003 @sut-client @cap:rest
  Scenario: Binary bodies go through the SUT unchanged in both directions
    Given the provider IS answers the REST service "pets" with a 4096-byte binary body
    When the client IS calls the REST service "pets" with POST "/pets/photo" and a 70000-byte binary body
    Then the client IS receives a REST response with status 200
    And the provider IS received the body that was sent
    And the client IS receives the provider's binary body unchanged

  @req:REST-003 @sut-provider @cap:rest
  Scenario: The SUT passes binary bodies unchanged in both directions
    Given the provider IS answers the REST service "pets" with a 4096-byte binary body
    When the client IS calls the REST service "pets" with POST "/pets/photo" and a 70000-byte binary body
    Then the client IS receives a REST response with status 200
    And the provider IS received the body that was sent
    And the client IS receives the provider's binary body unchanged

  @req:REST-004 @sut-client @cap:rest
  Scenario: Path and query reach the provider unmodified through the SUT
    When the client IS calls the REST service "pets" with GET "/pets/a%2Fb/c?a=1&a=2&q=x%20y"
    Then the client IS receives a REST response with status 200
    And the provider IS received a REST GET request for "/pets/a%2Fb/c?a=1&a=2&q=x%20y"

  @req:REST-004 @sut-provider @cap:rest
  Scenario: The SUT forwards path and query unmodified
    When the client IS calls the REST service "pets" with GET "/pets/a%2Fb/c?a=1&a=2&q=x%20y"
    Then the client IS receives a REST response with status 200
    And the provider IS received a REST GET request for "/pets/a%2Fb/c?a=1&a=2&q=x%20y"

  @req:ID-006 @req:REST-006 @sut-client @cap:rest
  Scenario: Identifiers in REST headers use the slash-separated string forms
    When the client IS calls the REST service "pets" with GET "/pets"
    Then the client IS receives a REST response with status 200
    And the REST response header "X-Road-Client" names the client
    And the REST response header "X-Road-Service" names the service "pets"

  @req:ID-006 @sut-client @cap:rest
  Scenario: Percent-encoded identifier segments are decoded one by one
    When the client IS calls the REST service "pets" with GET "/pets" and the headers:
      | X-Road-Client | {client percent-encoded} |
    Then the client IS receives a REST response with status 200
    And the REST response header "X-Road-Client" names the client

  @req:ID-002 @req:ID-006 @sut-client @cap:rest
  Scenario Outline: An X-Road-Client that is not INSTANCE/CLASS/MEMBER[/SUBSYSTEM] is refused
    When the client IS calls the REST service "pets" with GET "/pets" and the headers:
      | X-Road-Client | <client> |
    Then the client IS receives a REST error with an X-Road-Error header and status 4xx or 5xx
    And the provider IS received no request

    Examples:
      | client                    |
      | DEV/COM                   |
      | DEV/COM/1234/CLIENT/EXTRA |
      | DEV//1234/CLIENT          |
