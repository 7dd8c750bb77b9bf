Feature: listMethods and allowedMethods are answered by the provider's security server
  listMethods and allowedMethods are ordinary X-Road requests to the provider, answered by its
  security server from its own configuration: the provider IS sees nothing (META-002). Metaservices
  are never listed; allowedMethods keeps only what the caller's access rights allow. The REST
  variants answer JSON (META-004). Like any service they are signed and logged (META-005).

  @req:META-002 @sut-provider @cap:metaservices @cap:soap
  Scenario: listMethods lists the provider's SOAP services, and the provider IS is not called
    When the client IS calls the metaservice "listMethods" of the provider
    Then the service list names "getRandom, getRandom/v1, echo, denied" of the provider, but not "pets, listMethods, allowedMethods, getWsdl"
    And the provider IS received no service request

  @req:META-002 @sut-provider @cap:metaservices @cap:soap
  Scenario: allowedMethods leaves out what the caller may not call
    When the client IS calls the metaservice "allowedMethods" of the provider
    Then the service list names "getRandom, echo" of the provider, but not "denied, pets, listMethods"
    And the provider IS received no service request

  @req:META-002 @req:TRANSP-011 @sut-provider @cap:metaservices @cap:soap
  Scenario: What allowedMethods lists can be called, and what it leaves out is refused
    When the client IS calls the metaservice "allowedMethods" of the provider
    Then the service list does not name "denied"
    When the client IS sends a SOAP request for "denied"
    Then the client IS receives a SOAP fault whose code ends with "access_denied"

  @req:META-004 @sut-provider @cap:metaservices @cap:rest
  Scenario: REST listMethods answers JSON with the provider's REST services
    When the client IS calls the REST metaservice "listMethods" of the provider
    Then the REST service list names "pets, restDenied" but not "getRandom, listMethods"
    And every REST service listed is an object_type SERVICE of the provider with service_type REST or OPENAPI and an endpoint_list

  @req:META-004 @sut-provider @cap:metaservices @cap:rest
  Scenario: REST allowedMethods leaves out what the caller may not call
    When the client IS calls the REST metaservice "allowedMethods" of the provider
    Then the REST service list names "pets" but not "restDenied, getRandom"

  @req:META-004 @sut-provider @cap:metaservices @cap:rest
  Scenario Outline: getOpenAPI <case> is an X-Road REST error
    When the client IS calls the REST metaservice "getOpenAPI<query>" of the provider
    Then the client IS receives a REST error with an X-Road-Error header and status 4xx or 5xx
    And the provider IS received no service request

    Examples:
      | case                                   | query                   |
      | without a service code                 |                         |
      | for a SOAP service                     | ?serviceCode=getRandom  |
      | for a service the provider does not have | ?serviceCode=noSuchApi |

  @req:META-005 @req:LOG-001 @cap:metaservices @cap:soap @cap:asic
  Scenario Outline: A metaservice call is signed and logged like any service
    When the client IS calls the metaservice "listMethods" of the provider
    Then the service list names "getRandom" of the provider, but not "listMethods"
    When the client IS downloads the /asic evidence of that exchange
    Then the /asic answer is an application/zip holding 1 request and 1 response container
    And every downloaded container verifies against the instance's trust
    And the request container's message.xml is the SOAP request the client IS sent, byte for byte

    @sut-client
    Examples: the SUT as the caller's security server
      | side   |
      | client |

    @sut-provider
    Examples: the SUT answering for its provider
      | side     |
      | provider |
