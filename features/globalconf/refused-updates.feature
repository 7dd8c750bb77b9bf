Feature: A configuration the SUT must refuse leaves its last good copy in force
  A directory with a broken signature or an unknown signer (GCONF-004), one that has expired
  already (GCONF-005), a part missing or not matching its listed hash (GCONF-007), or content for
  another instance (GCONF-001/007) is refused as a whole. The SUT keeps serving with the copy it
  had: the maintenance mode published together with the broken update never takes effect.

  @req:GCONF-004 @req:GCONF-005 @req:GCONF-007 @sut-client @cap:soap
  Scenario Outline: <what> is refused and the SUT keeps serving with its last good copy
    Given the central server's fault knob "<knob>" is set to '<value>'
    And the central server publishes the peer security server in maintenance mode with the message "must not be seen"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

    Examples:
      | what                                           | knob          | value                                          |
      | A directory whose signature does not verify    | badSignature  | true                                           |
      | A directory signed by a key nobody listed      | unknownSigner | true                                           |
      | A directory that expired a minute ago          | expired       | {"secondsAgo": 60}                             |
      | A shared-params file that is not found         | missingPart   | {"contentIdentifier": "SHARED-PARAMETERS"}     |
      | A shared-params file that does not match its hash | hashMismatch | {"contentIdentifier": "SHARED-PARAMETERS"}  |

  @req:GCONF-004 @req:GCONF-005 @req:GCONF-007 @sut-client @embedded-only
  Scenario Outline: The SUT's configuration client names why it refused <what>
    Given the central server's fault knob "<knob>" is set to '<value>'
    When the central server publishes the configuration again without changes
    Then the SUT's configuration client reports the error "<code>" and still holds a valid copy

    Examples:
      | what                          | knob          | value                                      | code                                               |
      | a bad signature               | badSignature  | true                                       | global_conf_signature_verification_failure         |
      | an unknown signer             | unknownSigner | true                                       | global_conf_missing_verification_cert              |
      | an expired directory          | expired       | {"secondsAgo": 60}                         | global_conf_outdated                               |

  @req:GCONF-001 @req:GCONF-007 @sut-client @cap:soap
  Scenario: Configuration content published for another instance is refused
    Given the central server publishes its parts under the instance identifier "FOREIGN" and the peer security server in maintenance mode
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
