Feature: Slow and oversized clients do not take the SUT down
  Clients that connect and stall, or send far more than any message, must be answered or dropped
  within a bound, and everybody else keeps being served (MESS-018, TRANSP-001, TRANSP-014).

  @req:MESS-018 @req:TRANSP-001 @sut-provider @cap:soap
  Scenario Outline: While 30 clients hold the SS-to-SS port <how>, other security servers are served
    Given 30 clients hold connections to the SUT's server proxy <how>
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

    Examples:
      | how                                     |
      | without sending anything                |
      | after sending only their request headers |

  @req:MESS-018 @sut-client @cap:soap
  Scenario Outline: While 30 clients hold the client proxy <how>, other clients are served
    Given 30 clients hold connections to the SUT's client proxy <how>
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

    Examples:
      | how                                     |
      | without sending anything                |
      | after sending only their request headers |

  @req:MESS-018 @sut-client @cap:soap
  Scenario: An 80 MiB request to the client proxy is answered or dropped in time, and the SUT keeps serving
    When a client posts an 80 MiB request to the SUT's client proxy
    Then the SUT answered it with an error or dropped it within 30 seconds
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response

  @req:MESS-018 @req:TRANSP-014 @sut-provider @cap:soap
  Scenario: An 80 MiB request to the SS-to-SS port is answered or dropped in time, and the SUT keeps serving
    When a client posts an 80 MiB request to the SUT's server proxy
    Then the SUT answered it with an error or dropped it within 30 seconds
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
