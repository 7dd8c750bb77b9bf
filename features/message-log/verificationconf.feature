Feature: /verificationconf gives what an offline verifier needs
  The SUT hands out the global configuration it verifies with as verificationconf.zip (LOG-005,
  UG-SIGDOC §3.2), so that anyone holding evidence from /asic can check it later without the SUT.
  roadtest loads the zip as a configuration directory with its own reader and verifies the SUT's
  evidence with it.

  @req:LOG-005 @sut-client @cap:verificationconf
  Scenario: /verificationconf is a zip of the SUT's instance configuration with its approved CAs and TSAs
    When the client IS downloads /verificationconf from the SUT
    Then the answer is an application/zip named verificationconf.zip
    And it loads as the configuration directory of the SUT's instance, with the instance's approved CAs and TSAs

  @req:LOG-005 @req:LOG-004 @sut-client @cap:verificationconf @cap:asic @cap:soap
  Scenario: Evidence from /asic verifies with the trust from the SUT's own /verificationconf
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    When the client IS downloads the /asic evidence of that exchange
    And the client IS downloads /verificationconf from the SUT
    Then every downloaded container verifies against the trust from the SUT's /verificationconf

  @req:LOG-005 @sut-client @cap:verificationconf
  Scenario: /verificationconf is a download, not an upload
    When the client IS sends a POST to /verificationconf on the SUT
    Then the SUT refuses it with a 4xx status and a plain-text reason
