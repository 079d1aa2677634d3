-- kpi_service_monthly: how fast service tickets get a first answer and how
-- often they are resolved at the first contact, per month and ticket
-- channel, with channel = 'all' for every channel together.
-- Every month has a row for every ticket channel seen and 'all'; no rows
-- when no ticket was exported. Response times are shown in the month the
-- ticket was opened; tickets dated before the first reporting month are not
-- shown.
-- grain: one row per month x channel
-- key: month, channel
-- columns:
--   month: first day of the month
--   period_end: last day of the month (the export date if partial)
--   is_complete: false for the current, partial month
--   channel: ticket channel, e.g. email, chat, phone ('unknown' when not
--     exported), or 'all'
--   tickets_opened: tickets opened in the month
--   tickets_with_first_response: tickets opened in the month that have a
--     first response (whenever it came); the base of the response times
--   tickets_without_first_response: tickets opened in the month with no
--     first response yet (left out of the response times)
--   first_response_hours_sum: sum of the hours from opened_at to
--     first_response_at of those tickets (numerator of the mean)
--   first_response_hours_mean: first_response_hours_sum /
--     tickets_with_first_response, in hours; NULL when none
--   first_response_hours_median: exact median of the same hours (the mean
--     of the two middle values for an even count); NULL when none
--   tickets_resolved: tickets resolved in the month (whenever opened)
--   first_contact_resolutions: tickets resolved in the month with
--     contact_count = 1
--   resolved_without_contact_count: tickets resolved in the month whose
--     contact_count was not exported; they count in tickets_resolved but
--     never as first-contact resolutions
--   fcr_rate: first contact resolution = first_contact_resolutions /
--     tickets_resolved (share 0-1); NULL when nothing was resolved
with periods as (
    select
        period_start as month,
        period_end,
        is_complete
    from {{ ref('int_periods') }}
    where period_type = 'month'
),

tickets as (
    select
        channel,
        opened_month,
        first_response_hours,
        resolved_month,
        contact_count
    from {{ ref('stg_tickets') }}
),

ticket_levels as (
    select
        channel,
        opened_month,
        first_response_hours,
        resolved_month,
        contact_count
    from tickets
    union all
    select
        'all' as channel,
        opened_month,
        first_response_hours,
        resolved_month,
        contact_count
    from tickets
),

channels as (
    select distinct channel
    from ticket_levels
),

opened as (
    select
        opened_month as month,
        channel,
        count(*) as tickets_opened,
        count(first_response_hours) as tickets_with_first_response,
        {{ exact_sum(first_response_hours) }} as first_response_hours_sum
    from ticket_levels
    group by opened_month, channel
),

ranked as (
    select
        opened_month as month,
        channel,
        first_response_hours,
        row_number() over (
            partition by opened_month, channel
            order by first_response_hours nulls last
        ) as position,
        count(*) over (partition by opened_month, channel) as n
    from ticket_levels
    where first_response_hours is not null
),

medians as (
    select
        month,
        channel,
        avg(cast(first_response_hours as double))
            as first_response_hours_median
    from ranked
    where {{ is_middle_row(position, n) }}
    group by month, channel
),

resolved as (
    select
        resolved_month as month,
        channel,
        count(*) as tickets_resolved,
        count(*) filter (where contact_count = 1)
            as first_contact_resolutions,
        count(*) filter (where contact_count is null)
            as resolved_without_contact_count
    from ticket_levels
    where resolved_month is not null
    group by resolved_month, channel
),

grid as (
    select
        periods.month,
        periods.period_end,
        periods.is_complete,
        channels.channel,
        coalesce(opened.tickets_opened, 0) as tickets_opened,
        coalesce(opened.tickets_with_first_response, 0)
            as tickets_with_first_response,
        opened.first_response_hours_sum,
        medians.first_response_hours_median,
        coalesce(resolved.tickets_resolved, 0) as tickets_resolved,
        coalesce(resolved.first_contact_resolutions, 0)
            as first_contact_resolutions,
        coalesce(resolved.resolved_without_contact_count, 0)
            as resolved_without_contact_count
    from periods
    cross join channels
    left join opened
        on periods.month = opened.month
        and channels.channel = opened.channel
    left join medians
        on periods.month = medians.month
        and channels.channel = medians.channel
    left join resolved
        on periods.month = resolved.month
        and channels.channel = resolved.channel
),

final as (
    select
        month,
        period_end,
        is_complete,
        channel,
        cast(tickets_opened as bigint) as tickets_opened,
        cast(tickets_with_first_response as bigint)
            as tickets_with_first_response,
        cast(tickets_opened - tickets_with_first_response as bigint)
            as tickets_without_first_response,
        cast(first_response_hours_sum as double) as first_response_hours_sum,
        {{ safe_div(first_response_hours_sum, tickets_with_first_response) }}
            as first_response_hours_mean,
        first_response_hours_median,
        cast(tickets_resolved as bigint) as tickets_resolved,
        cast(first_contact_resolutions as bigint) as first_contact_resolutions,
        cast(resolved_without_contact_count as bigint)
            as resolved_without_contact_count,
        {{ safe_div(first_contact_resolutions, tickets_resolved) }} as fcr_rate
    from grid
)

select * from final
