Feature: /asic refuses bad download requests with a status and a plain-text reason
  A client IS asking for evidence with missing or contradictory parameters gets 400, one asking
  for something that was never logged gets 404, and the answer body says why in plain text
  (LOG-003, UG-SIGDOC §2.3). The SUT must keep its error answers free of internals.

  @req:LOG-003 @sut-client @cap:soap @cap:asic
  Scenario Outline: An /asic request <variant> is answered <status>
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    When the client IS downloads the /asic evidence of that exchange
    And the client IS asks /asic for that exchange "<variant>"
    Then the /asic answer is <status> with a plain-text reason

    Examples:
      | variant                                 | status |
      | without queryId                         | 400    |
      | without xRoadInstance                   | 400    |
      | without memberClass                     | 400    |
      | without memberCode                      | 400    |
      | with requestOnly and responseOnly       | 400    |
      | with unique but no direction            | 400    |
      | for a queryId nobody used               | 404    |
      | for another subsystem of the same member | 404   |
