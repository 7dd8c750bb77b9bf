@embedded-only @sut-client
Feature: Registering a new authentication certificate (PR-MSERV §2.3, authCertReg)
  authCertReg is the one management request that does not travel through the client proxy: the
  security server posts it over HTTPS straight to the central server's authCertRegServiceAddress
  (private parameters) and trusts only the TLS certificate published there as
  authCertRegServiceCert. The request has six parts: the SOAP message, a proof-of-possession
  signature by the new authentication key, the owner's signature, the new authentication
  certificate, the owner's signing certificate and its OCSP response. The simulated central server
  verifies every part and answers with a requestId. The SUT is made to register through its
  reference implementation (embedded target: a real SUT would be driven through its admin API).

  Background:
    Given the central server's authCertReg endpoint records registrations

  @req:MSERV-004 @req:MSERV-002
  Scenario: A new authentication certificate is registered directly at the central server and gets a requestId
    When the SUT registers a new authentication certificate at the central server
    Then the central server's authCertReg endpoint received the registration over HTTPS
    And the registration did not go through the client proxy to the management service provider
    And the central server accepted the registration
    And the SUT got back the requestId the central server assigned

  @req:MSERV-004 @req:MSERV-005
  Scenario: The registration carries six parts that verify over the exact SOAP part bytes
    When the SUT registers a new authentication certificate at the central server
    Then the authCertReg request has the six parts in order with signature-algorithm-id on both signatures
    And the proof of possession verifies with the new authentication certificate over the exact SOAP part bytes
    And the owner signature verifies with the owner's signing certificate and a fresh OCSP response
    And the authCert in the body is the new authentication certificate
    And the central server accepted the registration

  @req:MSERV-004
  Scenario: The SUT refuses to register when the central server presents another TLS certificate
    Given the central server's authCertReg endpoint presents a TLS certificate other than authCertRegServiceCert
    When the SUT registers a new authentication certificate at the central server
    Then the central server's authCertReg endpoint received no registration
    And the SUT reports that the registration failed
