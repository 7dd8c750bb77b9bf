Feature: The SUT time-stamps its message log in batches at the configured interval
  Every timeStampingIntervalSeconds the message log's un-stamped records get one RFC 3161
  time-stamp from an approved TSA — an HTTP POST of a timestamp-query with a SHA-512 imprint, no
  nonce, certReq not set; a batch is covered through a hash chain (TSA-001, TSA-003). A token that
  is refused, over another imprint or by a signer that is not an approved TSA leaves the records
  un-stamped, and the SUT tries the next TSA when one fails (TSA-002).

  @req:TSA-001 @sut-client @cap:soap
  Scenario: The SUT sends the approved TSA an RFC 3161 query with a SHA-512 imprint, no nonce and no certReq
    Given the approved TSA is reached through a recorder
    When the client IS sends 1 SOAP request for "getRandom" through the SUT
    Then the SUT's time-stamp requests are RFC 3161 queries the way X-Road sends them

  @req:TSA-003 @sut-client @cap:soap @embedded-only
  Scenario: Records logged within one interval are time-stamped together at the interval
    When the client IS sends 4 SOAP requests for "getRandom" through the SUT
    Then the SUT time-stamps every record of those exchanges within 4 seconds
    And those records share fewer time-stamp tokens than there are records

  @req:TSA-003 @sut-provider @cap:soap @embedded-only
  Scenario: The provider side's records are time-stamped at the interval too
    When the client IS sends 2 SOAP requests for "getRandom" through the SUT
    Then the SUT time-stamps every record of those exchanges within 4 seconds

  @req:TSA-002 @sut-client @cap:soap @embedded-only
  Scenario Outline: A TSA answer with <answer> leaves the records un-stamped until the TSA answers properly
    Given the TSA answers with <answer>
    When the client IS sends 1 SOAP request for "getRandom" through the SUT
    And the SUT's time-stamper runs
    Then no record of those exchanges is time-stamped
    When the TSA answers properly again
    And the SUT's time-stamper has caught up
    Then every record of those exchanges is time-stamped

    Examples:
      | answer                                                     |
      | a rejection                                                |
      | a token over another imprint                               |
      | a token with a broken signature                            |
      | a token signed by a TSA the configuration does not approve |

  @req:TSA-002 @sut-client @cap:soap @embedded-only
  Scenario: A token with status grantedWithMods is accepted
    Given the TSA answers with grantedWithMods
    When the client IS sends 1 SOAP request for "getRandom" through the SUT
    And the SUT's time-stamper runs
    Then every record of those exchanges is time-stamped

  @req:TSA-002 @sut-client @cap:soap @embedded-only
  Scenario: When the first approved TSA does not answer, the SUT gets its time-stamp from the next one
    Given the global configuration lists an unreachable TSA before the working one
    When the client IS sends 1 SOAP request for "getRandom" through the SUT
    And the SUT's time-stamper runs
    Then every record of those exchanges is time-stamped
    And the last time-stamp went to the working TSA
