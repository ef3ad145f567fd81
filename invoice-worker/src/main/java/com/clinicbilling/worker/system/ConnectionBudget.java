package com.clinicbilling.worker.system;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Sizes the connection pool from {@link WorkerProperties#concurrency()}, so that consumer threads
 * and connections are one setting that cannot drift apart.
 */
class ConnectionBudget implements BeanPostProcessor {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionBudget.class);

	private final ObjectProvider<WorkerProperties> properties;

	ConnectionBudget(ObjectProvider<WorkerProperties> properties) {
		this.properties = properties;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource dataSource) {
			int connections = this.properties.getObject().concurrency();
			dataSource.setMaximumPoolSize(connections);
			dataSource.setMinimumIdle(connections);
			logger.info("Database connection budget: {} connections for {} consumer threads", connections, connections);
		}
		return bean;
	}

}
