Feature: /listClients lists the instance's members and subsystems
  The client proxy answers GET /listClients itself from the shared parameters it holds: text/xml
  clientList by default, JSON with Accept: application/json (META-001, META Annex A/B). A member the
  central server adds appears after the SUT's next download (GCONF-007/011).

  @req:META-001 @sut-client @cap:metaservices
  Scenario: /listClients answers a clientList in XML with ids and names
    When the client IS asks the SUT for /listClients
    Then the answer is text/xml and lists the clients "CLIENT, PROVIDER" of both security servers' owners with their names

  @req:META-001 @sut-client @cap:metaservices
  Scenario: /listClients answers JSON when the client IS accepts application/json
    When the client IS asks the SUT for /listClients accepting "application/json"
    Then the answer is JSON whose members carry object_type, xroad_instance, member_class, member_code and name
    And the JSON lists the clients "CLIENT, PROVIDER" of both security servers' owners

  @req:META-001 @sut-client @cap:metaservices
  Scenario: /listClients for the SUT's own instance names the same clients
    When the client IS asks the SUT for /listClients of its own instance
    Then the answer is text/xml and lists the clients "CLIENT, PROVIDER" of both security servers' owners with their names

  @req:META-001 @req:GCONF-007 @req:GCONF-011 @sut-client @cap:metaservices
  Scenario: A member the central server adds appears in /listClients after the next download
    Given the central server publishes a new member "COM" "5555" named "Roadtest Newcomer" with the subsystem "APP"
    When the client IS asks the SUT for /listClients accepting "application/json"
    Then the JSON lists "DEV/COM/5555/APP" named "Roadtest Newcomer"
