-- stg_tickets: the latest version of every service ticket across the exports.
-- The latest export wins, else the last line.
-- grain: one row per ticket_id
-- key: ticket_id
-- columns:
--   ticket_id: CRM ticket id
--   customer_id: the customer who raised it; NULL when not exported
--   channel: contact channel, e.g. email, chat, phone ('unknown' when empty)
--   opened_at: when the ticket was opened (UTC)
--   opened_date: opened_at as a date in the reporting time zone
--   opened_month: first day of the month of opened_at
--   first_response_at: first answer by the service team (UTC); NULL when none yet
--   first_response_hours: hours from opened_at to first_response_at
--     (fractional; NULL when no first response)
--   resolved_at: when the ticket was resolved (UTC); NULL while open
--   resolved_date: resolved_at as a date in the reporting time zone; NULL
--     while open
--   resolved_month: first day of the month of resolved_at; NULL while open
--   contact_count: customer contacts until resolved (1 = first-contact
--     resolution); NULL when not exported
with tickets as (
    select
        ticket_id,
        customer_id,
        channel,
        opened_at,
        first_response_at,
        resolved_at,
        contact_count,
        _export_date,
        _file,
        _line
    from {{ source('tickets') }}
),

ranked as (
    select
        tickets.*,
        row_number() over (
            partition by ticket_id
            order by _export_date desc, _file desc, _line desc
        ) as version_rank
    from tickets
),

final as (
    select
        ticket_id,
        customer_id,
        coalesce(channel, 'unknown') as channel,
        opened_at,
        {{ local_date(opened_at) }} as opened_date,
        {{ month_start({{ local_date(opened_at) }}) }} as opened_month,
        first_response_at,
        {{ hours_between(opened_at, first_response_at) }} as first_response_hours,
        resolved_at,
        {{ local_date(resolved_at) }} as resolved_date,
        {{ month_start({{ local_date(resolved_at) }}) }} as resolved_month,
        cast(contact_count as integer) as contact_count
    from ranked
    where version_rank = 1
)

select * from final
