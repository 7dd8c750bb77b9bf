Feature: How the SUT chooses the provider's security server and how long it waits
  The consumer SS sends to a security server that the global configuration lists as hosting the
  provider, skipping servers in maintenance mode; without a usable address it answers
  unknown_member, or maintenance_mode with the administrator's message. Connections and services
  have time limits; a provider SS may refuse consumers older than a minimum version
  (TRANSP-012, TRANSP-013, TRANSP-014).

  @req:TRANSP-013 @sut-client @cap:soap
  Scenario: When every server hosting the provider is in maintenance mode, the client gets the administrator's message
    Given the provider's security server is in maintenance mode with the message "Back on Monday 08:00"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.clientproxy" fault for "maintenance_mode"
    And the SOAP fault string mentions "Back on Monday 08:00"

  @req:TRANSP-013 @sut-client @cap:soap
  Scenario: The SUT skips a provider server in maintenance mode and uses the other server hosting the provider
    Given the provider's security server is a recording stand-in showing "its registered auth certificate"
    And a second server entry hosts the provider at the peer security server's address
    And the provider's security server is in maintenance mode with the message "Maintenance window"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    And the stand-in in maintenance mode saw no connection at all

  @req:TRANSP-013 @sut-client @cap:soap
  Scenario: One of two servers hosting the provider is down and the request goes through the other
    Given a second server entry hosts the provider at an address where nothing listens
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

  @req:TRANSP-013 @sut-client @cap:soap
  Scenario: A provider without any listed address is an unknown member
    Given the provider's security server has no address in the global configuration
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.clientproxy" fault for "unknown_member"

  @req:TRANSP-014 @sut-provider @cap:soap
  Scenario: The SUT gives up on a provider IS that does not answer within the service timeout
    Given the provider IS takes 4 seconds to answer "slow"
    When the client IS sends a SOAP request for "slow"
    Then the client IS receives a "server.serverproxy" fault for "service_failed"
    And the answer came within 3.5 seconds

  @req:TRANSP-014 @sut-client @cap:soap @embedded-only
  Scenario: The SUT gives up connecting to a provider SS that never completes the TLS handshake
    Given the SUT's connect timeout toward provider security servers is 1 second
    And the provider's security server accepts connections but never answers
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.clientproxy" fault for "network_error"
    And the answer came within 3 seconds

  @req:TRANSP-012 @sut-provider @cap:soap @embedded-only
  Scenario: A provider SS with a minimum consumer version refuses an older consumer
    Given the SUT accepts consumer security servers of version 7.6.0 or newer
    And the peer security server misbehaves with "old-proxy-version"
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a "server.serverproxy" fault for "client_proxy_version_not_supported"
    And the provider IS received no request

  @req:TRANSP-012 @sut-provider @cap:soap @embedded-only
  Scenario: A provider SS with a minimum consumer version serves a current consumer
    Given the SUT accepts consumer security servers of version 7.6.0 or newer
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
