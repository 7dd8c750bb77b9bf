Feature: REST error answers
  A provider IS error goes back as it is, without X-Road-Error; an error of the security servers
  has X-Road-Error and a {type, message, detail} body, status 500 for server.* codes and 400 for
  the consumer's own mistakes (REST-011), as JSON or, when the client accepts XML, as XML (REST-012).

  @req:REST-011 @sut-client @cap:rest
  Scenario: A provider IS error passes through with its status, body and headers, without X-Road-Error
    Given the provider IS answers the REST service "pets" with status 404, the body "{\"error\":\"no such pet\"}" and the headers:
      | Content-Type | application/json |
    When the client IS calls the REST service "pets" with GET "/pets/99"
    Then the client IS receives a REST response with status 404
    And the REST response body is "{\"error\":\"no such pet\"}"
    And the REST response has no header "X-Road-Error"

  @req:REST-011 @sut-provider @cap:rest
  Scenario: The SUT passes its provider IS's error back as it is
    Given the provider IS answers the REST service "pets" with status 503, the body "{\"error\":\"down\"}" and the headers:
      | Content-Type | application/json |
    When the client IS calls the REST service "pets" with GET "/pets/99"
    Then the client IS receives a REST response with status 503
    And the REST response body is "{\"error\":\"down\"}"
    And the REST response has no header "X-Road-Error"

  @req:REST-011 @sut-client @cap:rest
  Scenario: A malformed consumer request is a 400 with X-Road-Error and an error body
    When the client IS sends a REST request to the target "/r1/DEV/GOV/4321"
    Then the client IS receives a REST error with status 400 and a client.* X-Road-Error
    And the REST error body is JSON with type, message and detail

  @req:REST-011 @sut-client @cap:rest
  Scenario: An error of the SUT itself is a 500 with X-Road-Error
    When the client IS calls the REST service "pets" of the provider subsystem "NOBODY" with GET "/pets"
    Then the client IS receives the REST error "server.clientproxy.unknown_member" with status 500
    And the REST error body is JSON with type, message and detail

  @req:REST-011 @req:TRANSP-017 @sut-provider @cap:rest
  Scenario: An error of the SUT as provider reaches the client as a 500 with its server.serverproxy code
    When the client IS calls the REST service "noSuchRestService" with GET "/pets"
    Then the client IS receives the REST error "server.serverproxy.unknown_service" with status 500

  @req:REST-011 @sut-client @cap:rest
  Scenario: A provider IS that drops the connection is a 500 with X-Road-Error
    Given the provider IS drops the connection for the REST service "pets"
    When the client IS calls the REST service "pets" with GET "/pets"
    Then the client IS receives a REST error with an X-Road-Error header and status 500

  @req:REST-012 @sut-client @cap:rest
  Scenario Outline: An error body follows Accept: <accept>
    When the client IS sends a REST request to the target "/r1/DEV/GOV/4321" accepting "<accept>"
    Then the client IS receives a REST error with an X-Road-Error header and status 4xx or 5xx
    And the REST error body is <format> with type, message and detail, and Content-Type names a charset

    Examples:
      | accept           | format |
      | application/xml  | XML    |
      | text/xml         | XML    |
      | application/json | JSON   |
      | */*              | JSON   |

  @req:REST-012 @sut-client @cap:rest
  Scenario: Without Accept an error body is JSON
    When the client IS sends a REST request to the target "/r1/DEV/GOV/4321"
    Then the REST error body is JSON with type, message and detail, and Content-Type names a charset

  @req:REST-013 @sut-client @cap:rest @cap:is-tls @embedded-only
  Scenario: The SUT serves a REST client over mutual TLS with its registered certificate
    Given the SUT requires HTTPS with a registered certificate from its client's information system
    When the client IS calls the REST service "pets" with GET "/pets" over HTTPS with the registered certificate
    Then the client IS receives a REST response with status 200

  @req:REST-013 @sut-client @cap:rest @cap:is-tls @embedded-only
  Scenario: The SUT refuses a REST client without a certificate when its policy needs one
    Given the SUT requires HTTPS with a registered certificate from its client's information system
    When the client IS calls the REST service "pets" with GET "/pets"
    Then the client IS receives the REST error "server.clientproxy.ssl_authentication_failed" with status 500
