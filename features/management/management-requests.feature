@embedded-only @sut-client
Feature: Management requests from the SUT (PR-MSERV)
  A security server registers its administrator's changes at the central server by sending
  management requests as ordinary X-Road SOAP requests to managementRequestServiceProviderId.
  Here the peer security server hosts that provider; its information system decodes and verifies
  every request as the central server's management service does, and answers with a requestId.
  The SUT is made to send the requests through its reference implementation (embedded target:
  a real SUT would be driven through its admin API).

  Background:
    Given the management service provider behind the peer security server records management requests

  @req:MSERV-001 @req:MSERV-002 @req:MSERV-003 @req:MSERV-005
  Scenario Outline: <kind> goes through the SUT's client proxy, signed by the member that owns the <owner>
    When the SUT sends the management request "<kind>"
    Then the management service provider received the "<kind>" request through the peer security server
    And the management request is multipart/related with the SOAP part and the member signature parts
    And the member signature verifies over the exact SOAP part bytes with a fresh OCSP response
    And the signing certificate belongs to the member that owns the client or server
    And the management request body carries the fields the SUT was given
    And the SUT got back the requestId the provider assigned

    Examples:
      | kind                   | owner  |
      | clientReg              | client |
      | clientDisable          | client |
      | clientEnable           | client |
      | clientRename           | client |
      | ownerChange            | client |
      | addressChange          | server |
      | maintenanceModeEnable  | server |
      | maintenanceModeDisable | server |

  @req:MSERV-001 @req:MSERV-002
  Scenario Outline: <kind> goes as a plain SOAP request without member signature parts
    When the SUT sends the management request "<kind>"
    Then the management service provider received the "<kind>" request through the peer security server
    And the management request is a bare text/xml SOAP message
    And the management service provider accepted it
    And the management request body carries the fields the SUT was given
    And the SUT got back the requestId the provider assigned

    Examples:
      | kind             |
      | clientDeletion   |
      | authCertDeletion |

  @req:MSERV-005
  Scenario Outline: the provider's checks refuse a clientReg with a tampered <part>, and the SUT relays the fault
    When a clientReg whose <part> is tampered is posted to the SUT client proxy
    Then the management service provider refused it with "<code>"

    Examples:
      | part      | code                                        |
      | signature | invalid_signature_value                     |
      | ocsp      | invalid_cert_path.incorrect_validation_info |
