Feature: getWsdl hands out the provider's WSDL without its real endpoints
  getWsdl {serviceCode, serviceVersion?} is answered by the provider's security server with
  getWsdlResponse echoing the request and the WSDL as a MIME attachment, every soap:address
  location replaced by http://example.org/xroad-endpoint (META-003).

  @req:META-003 @sut-provider @cap:metaservices @cap:soap
  Scenario: getWsdl echoes the service code and hides the provider's endpoint
    Given the provider IS publishes a WSDL for "getRandom"
    When the client IS calls getWsdl of the provider for "getRandom"
    Then the getWsdl answer echoes the service code "getRandom" and carries the WSDL as an attachment
    And every soap:address location in that WSDL is "http://example.org/xroad-endpoint"
    And the provider IS received no service request

  @req:META-003 @sut-provider @cap:metaservices @cap:soap
  Scenario Outline: getWsdl for <case> is refused with <code>
    When the client IS calls getWsdl of the provider for "<service>"
    Then the client IS receives a SOAP fault whose code ends with "<code>"

    Examples:
      | case                          | service      | code            |
      | a service the provider lacks  | noSuchThing  | unknown_service |
      | a REST service                | pets         | service_type    |
