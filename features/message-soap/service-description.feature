Feature: The WSDL a provider publishes, as getWsdl hands it out
  MESS-021: a service is described by a document/literal wrapped WSDL carrying xrd:version under
  binding/operation and xrd:title, xrd:notes, xrd:techNotes under portType/operation/documentation.
  The provider-side security server hands the provider's WSDL out through getWsdl (META-003) and
  may change only the endpoint address.

  @req:MESS-021 @sut-provider @cap:soap @cap:metaservices
  Scenario: getWsdl hands out the provider's WSDL with X-Road's description elements intact
    Given the provider IS publishes a WSDL for "getRandom"
    When the client IS asks the provider for the WSDL of "getRandom"
    Then the client IS receives a successful SOAP response with attachments
    And the WSDL attachment describes "getRandom" as MESS-021 requires
