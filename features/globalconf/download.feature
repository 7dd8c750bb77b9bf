Feature: The SUT downloads and verifies the signed configuration directory
  The SUT is a configuration client of the harness's central server. It asks for the newest
  configuration version first and takes the first one served (GCONF-002), verifies the signed
  directory (GCONF-003/004) and fetches only the parts whose hash changed (GCONF-006/007). What it
  holds shows from outside: a security server the configuration puts in maintenance mode is no
  longer sent to, with the administrator's message (GCONF-011, TRANSP-013).

  @req:GCONF-002 @req:GCONF-003 @req:GCONF-012 @sut-client @cap:soap
  Scenario Outline: Served only version <version>, the SUT probes down from version 6 and works with version <version>
    Given the central server serves only configuration version <version>
    Then the SUT asked for the configuration versions "<asked>" in that order, and never for version 2
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

    Examples:
      | version | asked   |
      | 3       | 6 5 4 3 |
      | 5       | 6 5     |

  @req:GCONF-002 @req:GCONF-003 @req:GCONF-012 @sut-client @cap:soap @embedded-only
  Scenario: The SUT's copy records the version it was served, and its auth-cert hashes follow that version
    Given the central server serves only configuration version 3
    Then the SUT's configuration client holds configuration version 3
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

  @req:GCONF-007 @req:GCONF-011 @req:TRANSP-013 @sut-client @cap:soap
  Scenario: A change the central server publishes reaches the SUT with its next download
    Given the central server publishes the peer security server in maintenance mode with the message "roadtest maintenance window"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a SOAP fault whose code ends with "maintenance_mode"
    And the SOAP fault string mentions "roadtest maintenance window"
    And the provider IS received no request

  @req:GCONF-006 @req:GCONF-007 @sut-client
  Scenario: The SUT downloads only the parts whose hash changed, from their Content-location
    When the central server publishes a new member "COM" "5555" named "Roadtest Newcomer" with the subsystem "APP"
    Then the configuration clients fetched "shared-params.xml" from a location the current directory lists
    And no configuration client fetched "private-params.xml"

  @req:GCONF-006 @req:GCONF-007 @sut-client
  Scenario: An unchanged configuration is not downloaded again, only its directory
    When the central server publishes the configuration again without changes
    Then the configuration clients asked for the directory but fetched no part file
