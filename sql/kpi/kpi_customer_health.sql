-- kpi_customer_health: how healthy each customer relationship is today, as a
-- 0-100 score: 100 x the weighted sum of six sub-scores, each in [0, 1], with
-- the weights from config (health_weight_recency, _frequency, _monetary,
-- _sentiment, _service, _engagement; config validation rejects weights that
-- do not sum to 1). Every sub-score and the raw signal behind it is
-- published beside the score. Windows end on the export date (as_of).
-- Surveys, tickets and engagement events are optional exports: when one was
-- not exported at all, its sub-score is NULL (unknown, not worst or best)
-- and the score is the weighted mean of the sub-scores that are known.
-- grain: one row per acquired customer (int_customers with an acquisition
--   date)
-- key: customer_id
-- columns:
--   customer_id: CRM customer id
--   segment: business segment
--   health_score: 100 x (w_recency x recency_score + w_frequency x
--     frequency_score + w_monetary x monetary_score + w_sentiment x
--     sentiment_score + w_service x service_score + w_engagement x
--     engagement_score), rounded to 2 decimals; 0 (worst) to 100 (best).
--     Without a survey, ticket or engagement export, its term is left out
--     and the sum divided by the weights of the terms that remain
--   recency_score: 1 - days_since_last_order / churn_window_days, floored at
--     0 (1 = ordered on the export date, 0 = last order churn_window_days or
--     more ago); 0 when the customer has no completed order
--   frequency_score: 0 when orders_12m = 0; else the share of all acquired
--     customers whose orders_12m is at most this customer's (cume_dist: the
--     customer with the most orders gets 1, ties share the same value)
--   monetary_score: 0 when revenue_12m <= 0 (no purchases, or refunds
--     exceeding purchases); else the share of all acquired customers whose
--     revenue_12m is at most this customer's (cume_dist, as frequency)
--   sentiment_score: from the latest NPS or CSAT response, whichever is
--     later: NPS score / 10, CSAT (score - 1) / 4; 0.5 (neutral) when the
--     customer never answered either survey; NULL when no survey
--     responses were exported at all
--   service_score: 1 - (open_tickets + tickets_90d) / 5, floored at 0: every
--     ticket opened in the last 90 days and every ticket still open costs
--     0.2 (a recent ticket still open costs 0.4); 1 with no tickets; NULL
--     when no tickets were exported at all
--   engagement_score: 0 when engagement_events_90d = 0; else the share of
--     all acquired customers whose engagement_events_90d is at most this
--     customer's (cume_dist, as frequency); NULL when no engagement events
--     were exported at all
--   last_order_date: date of the latest completed order; NULL when none
--   days_since_last_order: days from last_order_date to as_of; NULL when none
--   orders_12m: completed orders in the 12 months ending on as_of
--   revenue_12m: revenue (non-cancelled orders, refunds negative) in the 12
--     months ending on as_of
--   latest_survey_type: nps or csat (the response behind sentiment_score);
--     NULL when none
--   latest_survey_score: its score; NULL when none
--   latest_survey_at: when it was given (UTC); NULL when none
--   open_tickets: tickets still open on as_of
--   tickets_90d: tickets opened in the 90 days ending on as_of
--   engagement_events_90d: engagement events in the 90 days ending on as_of
with signals as (
    select
        customer_id,
        segment,
        last_order_date,
        days_since_last_order,
        orders_12m,
        revenue_12m,
        latest_survey_type,
        latest_survey_score,
        latest_survey_at,
        open_tickets,
        tickets_90d,
        engagement_events_90d
    from {{ ref('int_customer_health_signals') }}
),

-- One row: which optional inputs of the score were exported at all.
exported as (
    select
        {{ has_rows({{ ref('stg_survey_responses') }}) }} as has_surveys,
        {{ has_rows({{ ref('stg_tickets') }}) }} as has_tickets,
        {{ has_rows({{ ref('stg_engagement_events') }}) }} as has_engagement
),

scored as (
    select
        signals.*,
        case
            when days_since_last_order is null then cast(0 as double)
            when days_since_last_order >= {{ var('churn_window_days') }}
                then cast(0 as double)
            else 1 - {{ safe_div(days_since_last_order,
                {{ var('churn_window_days') }}) }}
        end as recency_score,
        case
            when orders_12m = 0 then cast(0 as double)
            else cume_dist() over (order by orders_12m)
        end as frequency_score,
        case
            when revenue_12m <= 0 then cast(0 as double)
            else cume_dist() over (order by revenue_12m)
        end as monetary_score,
        case
            when not exported.has_surveys then cast(null as double)
            when latest_survey_type = 'nps'
                then {{ safe_div(latest_survey_score, 10) }}
            when latest_survey_type = 'csat'
                then {{ safe_div(latest_survey_score - 1, 4) }}
            else cast(0.5 as double)
        end as sentiment_score,
        case
            when not exported.has_tickets then cast(null as double)
            when open_tickets + tickets_90d >= 5 then cast(0 as double)
            else 1 - {{ safe_div(open_tickets + tickets_90d, 5) }}
        end as service_score,
        case
            when not exported.has_engagement then cast(null as double)
            when engagement_events_90d = 0 then cast(0 as double)
            else cume_dist() over (order by engagement_events_90d)
        end as engagement_score
    from signals
    cross join exported
),

-- The weighted sum over the known sub-scores, and the weights it used: 1
-- when every input was exported.
weighted as (
    select
        scored.*,
        {{ var('health_weight_recency') }} * recency_score
            + {{ var('health_weight_frequency') }} * frequency_score
            + {{ var('health_weight_monetary') }} * monetary_score
            + coalesce({{ var('health_weight_sentiment') }} * sentiment_score, 0)
            + coalesce({{ var('health_weight_service') }} * service_score, 0)
            + coalesce(
                {{ var('health_weight_engagement') }} * engagement_score, 0
            ) as weighted_sum,
        sentiment_score is not null
            and service_score is not null
            and engagement_score is not null as is_fully_known,
        {{ var('health_weight_recency') }}
            + {{ var('health_weight_frequency') }}
            + {{ var('health_weight_monetary') }}
            + case when sentiment_score is null then 0
                else {{ var('health_weight_sentiment') }} end
            + case when service_score is null then 0
                else {{ var('health_weight_service') }} end
            + case when engagement_score is null then 0
                else {{ var('health_weight_engagement') }} end
            as known_weight
    from scored
),

final as (
    select
        customer_id,
        segment,
        round(100 * case
            when is_fully_known then weighted_sum
            else {{ safe_div(weighted_sum, known_weight) }}
        end, 2) as health_score,
        recency_score,
        frequency_score,
        monetary_score,
        sentiment_score,
        service_score,
        engagement_score,
        last_order_date,
        days_since_last_order,
        orders_12m,
        revenue_12m,
        latest_survey_type,
        latest_survey_score,
        latest_survey_at,
        open_tickets,
        tickets_90d,
        engagement_events_90d
    from weighted
)

select * from final
